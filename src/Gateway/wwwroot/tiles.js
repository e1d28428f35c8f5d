// The video grid of the demo page: one tile per stream (a peer's camera, a peer's screen, our preview).

const template = document.getElementById('tile-template');
const grid = document.getElementById('tiles');

/**
 * Tiles keyed by peer id; a peer's further streams (a screen share) get tiles of their own. A moderator's page
 * shows mute and remove buttons on each peer's tile, which call `onMute(peerId)` and `onRemove(peerId)`.
 */
export class TileGrid {
  #tiles = new Map(); // peerId -> { main, extra: Map<streamId, element> }
  #self = null;
  #selfAttributes = {};
  #actions;

  constructor(actions = {}) {
    this.#actions = actions;
  }

  showSelf(name, stream) {
    this.#self?.remove();
    const tile = this.#create('self', `${name || 'You'} (you)`);
    this.#self = tile;
    this.#showAttributes(tile, this.#selfAttributes);
    tile.classList.add('self');
    const video = tile.querySelector('video');
    video.muted = true;
    video.srcObject = stream;
    tile.dataset.state = 'connected';
  }

  addPeer(peerId, name) {
    if (this.#tiles.has(peerId)) return;
    const main = this.#create(peerId, name || 'Guest');
    main.querySelector('.mute-peer').addEventListener('click', () => this.#actions.onMute?.(peerId));
    main.querySelector('.remove-peer').addEventListener('click', () => this.#actions.onRemove?.(peerId));
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

  /** A peer's attributes as badges (muted, camera off, hand raised); `self` is this page's own tile. */
  setAttributes(peerId, attributes) {
    if (peerId === 'self') this.#selfAttributes = attributes;
    const tile = peerId === 'self' ? this.#self : this.#tiles.get(peerId)?.main;
    if (tile) this.#showAttributes(tile, attributes);
  }

  setRole(peerId, role) {
    const tile = peerId === 'self' ? this.#self : this.#tiles.get(peerId)?.main;
    if (tile) tile.querySelector('.role').hidden = role !== 'moderator';
  }

  /** Whether this page may moderate: shows the mute and remove buttons on every peer's tile. */
  setModerating(on) {
    grid.classList.toggle('moderating', on);
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
    grid.classList.remove('moderating');
    this.#tiles.clear();
    this.#self = null;
    this.#selfAttributes = {};
  }

  #showAttributes(tile, attributes) {
    tile.querySelector('.badge.muted').hidden = attributes.muted !== true;
    tile.querySelector('.badge.camera-off').hidden = attributes.cameraOff !== true;
    tile.querySelector('.badge.hand').hidden = attributes.handRaised !== true;
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
