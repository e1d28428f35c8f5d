// The video grid of the demo page: one tile per stream (a peer's camera, a peer's screen, our preview).

const template = document.getElementById('tile-template');
const grid = document.getElementById('tiles');

/** Tiles keyed by peer id; a peer's further streams (a screen share) get tiles of their own. */
export class TileGrid {
  #tiles = new Map(); // peerId -> { main, extra: Map<streamId, element> }

  showSelf(name, stream) {
    const tile = this.#create('self', `${name || 'You'} (you)`);
    tile.classList.add('self');
    const video = tile.querySelector('video');
    video.muted = true;
    video.srcObject = stream;
    tile.dataset.state = 'connected';
  }

  addPeer(peerId, name) {
    if (this.#tiles.has(peerId)) return;
    const main = this.#create(peerId, name || 'Guest');
    this.#tiles.set(peerId, { main, mainStream: null, extra: new Map() });
    this.setState(peerId, 'new');
  }

  addStream(peerId, stream) {
    const entry = this.#tiles.get(peerId);
    if (!entry) return;
    if (entry.mainStream === null || entry.mainStream === stream.id) {
      entry.mainStream = stream.id;
      play(entry.main.querySelector('video'), stream);
      return;
    }
    if (entry.extra.has(stream.id)) return;
    const name = entry.main.querySelector('.name').textContent;
    const tile = this.#create(`${peerId}/${stream.id}`, `${name} (screen)`);
    tile.classList.add('screen');
    tile.dataset.state = 'connected';
    entry.extra.set(stream.id, tile);
    play(tile.querySelector('video'), stream);
    stream.addEventListener('removetrack', () => {
      if (stream.getVideoTracks().length > 0) return;
      tile.remove();
      entry.extra.delete(stream.id);
    });
  }

  setState(peerId, state) {
    const tile = this.#tiles.get(peerId)?.main;
    if (!tile) return;
    tile.dataset.state = state;
    tile.querySelector('.state').textContent = state;
  }

  removePeer(peerId) {
    const entry = this.#tiles.get(peerId);
    if (!entry) return;
    entry.main.remove();
    for (const tile of entry.extra.values()) tile.remove();
    this.#tiles.delete(peerId);
  }

  clear() {
    grid.replaceChildren();
    this.#tiles.clear();
  }

  #create(key, label) {
    const tile = template.content.firstElementChild.cloneNode(true);
    tile.dataset.peerId = key;
    tile.querySelector('.name').textContent = label;
    grid.append(tile);
    return tile;
  }
}

function play(video, stream) {
  if (video.srcObject === stream) return;
  video.srcObject = stream;
  video.play().catch(() => {
    // Autoplay with sound needs a click on this page first: play muted until then.
    video.muted = true;
    video.play().catch(() => {});
    document.addEventListener('click', () => { video.muted = false; }, { once: true });
  });
}
