// Roles, moderation, room settings, the lobby and peer attributes (PROTOCOL.md "Roles and moderation", "Peer
// attributes"). Keeps this client's role, the room's settings and its own attributes on the MeshClient, and each
// other member's role and attributes in its entry of MeshClient.peers.

const MEMBER_OPS = new Set(['role-changed', 'room-updated', 'peer-updated', 'moderation', 'knock', 'knock-withdrawn', 'lobby']);

export class RoomMembers {
  /** @type {Map<string, {lobbyId: string, name: string}>} who waits in the lobby (seen by moderators) */
  knocks = new Map();
  #view;
  #host;
  #unsent = false; // attributes set while not joined: sent once the session is

  /**
   * `view`: the MeshClient, whose `role`, `settings` and `attributes` this keeps current. `host`: `selfId()`,
   * `peers` (MeshClient.peers), `request(message)`, `ready()` whether requests may go now, `emit(type, detail)`,
   * and `media` (meshcall/local-media.js), which a moderator's request mutes or turns the camera off on.
   */
  constructor(view, host) {
    this.#view = view;
    this.#host = host;
  }

  /** A `joined` reply: this client's role and the room's settings, and the others' roles and attributes. */
  applyJoined(joined, resumed) {
    this.#view.role = joined.role ?? 'member';
    this.#view.settings = { locked: false, lobby: false, ...joined.settings };
    if (!resumed) this.knocks.clear();
    for (const peer of joined.peers) {
      const known = this.#host.peers.get(peer.peerId);
      if (known) this.#refresh(known, peer);
    }
    // A new session starts with no attributes: the others should still see this person's muted microphone.
    const own = Object.keys(this.#view.attributes).length > 0;
    if (this.#unsent || (!resumed && own)) this.#sendAttributes().catch((e) => this.#failed(e));
  }

  /** Handles a member event; false when `message` is not one. */
  receive(message) {
    if (!MEMBER_OPS.has(message.op)) return false;
    switch (message.op) {
      case 'role-changed': this.#roleChanged(message); break;
      case 'room-updated':
        this.#view.settings = { ...this.#view.settings, ...message.settings };
        this.#host.emit('room-updated', { settings: this.#view.settings, by: message.by });
        break;
      case 'peer-updated': {
        const peer = this.#host.peers.get(message.peerId);
        if (peer) this.#refresh(peer, { role: peer.role, attributes: message.attributes }, true);
        break;
      }
      case 'moderation': this.#moderated(message); break;
      case 'knock':
        this.knocks.set(message.lobbyId, { lobbyId: message.lobbyId, name: message.name ?? '' });
        this.#host.emit('knock', { lobbyId: message.lobbyId, name: message.name ?? '' });
        break;
      case 'knock-withdrawn':
        if (this.knocks.delete(message.lobbyId)) this.#host.emit('knock-withdrawn', { lobbyId: message.lobbyId });
        break;
      case 'lobby': this.#host.emit('lobby', { lobbyId: message.lobbyId }); break;
    }
    return true;
  }

  setRoomSettings({ locked, lobby } = {}) {
    const request = { op: 'room-settings' };
    if (locked !== undefined) request.locked = locked;
    if (lobby !== undefined) request.lobby = lobby;
    return this.#request(request);
  }

  kick(peerId) {
    return this.#request({ op: 'kick', peerId });
  }

  moderate(peerId, action) {
    return this.#request({ op: 'moderate', peerId, action });
  }

  async admit(lobbyId) {
    await this.#request({ op: 'admit', lobbyId });
    this.knocks.delete(lobbyId);
  }

  async deny(lobbyId) {
    await this.#request({ op: 'deny', lobbyId });
    this.knocks.delete(lobbyId);
  }

  /** Replaces this client's attributes; while not joined they are kept and sent on joining. */
  async setAttributes(attributes) {
    if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) {
      throw new TypeError('attributes must be a plain object');
    }
    this.#view.attributes = { ...attributes };
    if (!this.#host.ready()) {
      this.#unsent = true;
      return;
    }
    await this.#sendAttributes();
  }

  /** Merges `changes` into this client's attributes. */
  updateAttributes(changes) {
    return this.setAttributes({ ...this.#view.attributes, ...changes });
  }

  #request(message) {
    return this.#host.request(message).then(() => undefined);
  }

  async #sendAttributes() {
    this.#unsent = false;
    try {
      await this.#host.request({ op: 'set-attributes', attributes: this.#view.attributes });
    } catch (error) {
      // Dropped on the way (the socket went): the next `joined` sends them. A refusal (too-large) is the caller's.
      if (error.code === 'unavailable') this.#unsent = true;
      else throw error;
    }
  }

  #roleChanged({ peerId, role }) {
    if (peerId === this.#host.selfId()) {
      this.#view.role = role;
      if (role !== 'moderator') this.knocks.clear();
    } else {
      const peer = this.#host.peers.get(peerId);
      if (!peer) return;
      peer.role = role;
    }
    this.#host.emit('role-changed', { peerId, role, self: peerId === this.#host.selfId() });
  }

  /** A moderator asks this client to mute or stop its camera: done here, then shown to everyone in the attributes. */
  async #moderated({ action, by }) {
    try {
      if (action === 'mute') {
        this.#host.media.setMicrophoneEnabled(false);
        await this.updateAttributes({ muted: true });
      } else if (action === 'camera-off') {
        await this.#host.media.setCameraEnabled(false);
        await this.updateAttributes({ cameraOff: true });
      }
    } catch (error) {
      this.#failed(error);
    }
    this.#host.emit('moderation', { action, by, name: this.#host.peers.get(by)?.name });
  }

  /** A peer's role and attributes from a roster or a `peer-updated`; `peer-updated` is raised when they changed. */
  #refresh(peer, { role, attributes }, always = false) {
    const next = attributes ?? {};
    const changed = JSON.stringify(peer.attributes) !== JSON.stringify(next);
    peer.attributes = next;
    if (changed || always) this.#host.emit('peer-updated', { peerId: peer.peerId, attributes: next });
    if (role && role !== peer.role) this.#roleChanged({ peerId: peer.peerId, role });
  }

  #failed(error) {
    this.#host.emit('error', { code: error.code ?? 'invalid-message', message: error.message });
  }
}
