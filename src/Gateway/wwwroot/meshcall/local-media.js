// What this client sends: its tracks, each with the stream it belongs to (so the far side groups a camera's
// audio and video, and tells a screen apart) and its role. Every connection sends all of them.

export class LocalMedia {
  /** @type {{track: MediaStreamTrack | null, stream: MediaStream | null, role: string}[]} */
  entries = [];
  #links;
  #changed;

  /** `links()` lists the current connections; `changed()` runs after what is sent changed (to re-split the uplink). */
  constructor(stream, links, changed) {
    this.#links = links;
    this.#changed = changed;
    for (const track of stream?.getTracks() ?? []) {
      this.entries.push({ track, stream, role: track.kind === 'audio' ? 'microphone' : 'camera' });
    }
  }

  /** Mute: the track keeps its place in every connection, so nothing is renegotiated. */
  setMicrophoneEnabled(enabled) {
    for (const entry of this.entries) if (entry.role === 'microphone' && entry.track) entry.track.enabled = enabled;
  }

  /** Camera off releases the camera (its light goes out); on asks for it again. The senders stay: no renegotiation. */
  async setCameraEnabled(enabled, constraints = true) {
    const entry = this.entries.find((e) => e.role === 'camera');
    if (!entry || Boolean(entry.track) === enabled) return;
    if (!enabled) {
      const camera = entry.track;
      await this.#replace(entry, null);
      camera.stop();
      return;
    }
    const [camera] = (await navigator.mediaDevices.getUserMedia({ video: constraints })).getVideoTracks();
    for (const old of entry.stream?.getVideoTracks() ?? []) entry.stream.removeTrack(old);
    entry.stream?.addTrack(camera);
    await this.#replace(entry, camera);
  }

  /** Adds a screen (from getDisplayMedia unless given) as one more video track: every connection renegotiates. */
  async startScreenShare(stream) {
    const screen = stream ?? await navigator.mediaDevices.getDisplayMedia({ video: true });
    const [track] = screen.getVideoTracks();
    track.addEventListener('ended', () => this.remove(track));
    this.add(track, screen, 'screen');
    return screen;
  }

  stopScreenShare() {
    for (const entry of this.entries.filter((e) => e.role === 'screen')) {
      this.remove(entry.track);
      entry.track.stop();
    }
  }

  add(track, stream, role = track.kind) {
    const entry = { track, stream, role };
    this.entries.push(entry);
    for (const link of this.#links()) link.addTrack(entry);
  }

  remove(track) {
    const index = this.entries.findIndex((e) => e.track === track);
    if (index < 0) return;
    const [entry] = this.entries.splice(index, 1);
    for (const link of this.#links()) link.removeTrack(entry);
    this.#changed();
  }

  /** Swaps a track in place (same kind, or null to stop sending): no renegotiation. */
  async replace(oldTrack, newTrack) {
    const entry = this.entries.find((e) => e.track === oldTrack);
    if (entry) await this.#replace(entry, newTrack);
  }

  async #replace(entry, track) {
    entry.track = track;
    await Promise.all(this.#links().map((link) => link.replaceTrack(entry, track)));
    this.#changed();
  }
}
