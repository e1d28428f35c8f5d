// Types for meshcall.js, the browser library of a MeshCall mesh call (PROTOCOL.md, docs/clients.md#meshcalljs).
// They declare the library as it is: each member here exists in meshcall.js. Shipped in the npm package only.

/** A refusal from the gateway: `code` is one of PROTOCOL.md's error codes (e.g. `room-full`, `unauthorized`). */
export class SignalingError extends Error {
  constructor(code: string, message: string);
  readonly code: string;
}

export interface MeshClientOptions {
  /** The gateway's `/ws` URL; by default the page's own host. */
  url?: string;
  /** Several gateways' `/ws` URLs, to fail over between; takes precedence over `url`. */
  urls?: string[];
  room: string;
  /** Shown to the others (at most 64 characters). */
  name?: string;
  /** A room grant, when the server requires one. */
  token?: string;
  /** What this client sends to every peer: its audio track as the microphone, its video track as the camera. */
  stream?: MediaStream | null;
  /** The upload budget split evenly over the video senders (default 2500). */
  uplinkKbps?: number;
  /** How often `stats` goes to the server (default 5000). */
  statsIntervalMs?: number;
  /** ICE restarts of a failed connection before the pair is rebuilt (default 3). */
  maxIceRestarts?: number;
}

/** idle → joining → joined ⇄ reconnecting → left | closed */
export type MeshClientState = 'idle' | 'joining' | 'joined' | 'reconnecting' | 'left' | 'closed';

/** A member's role in its room: moderators may change the settings, kick, moderate and admit from the lobby. */
export type MemberRole = 'moderator' | 'member';

/** The room's settings: `locked` refuses fresh joins, `lobby` holds them until a moderator admits or denies. */
export interface RoomSettings {
  locked: boolean;
  lobby: boolean;
}

/** What a moderator may ask of a member's client (which honours it and then shows it in its attributes). */
export type ModerationAction = 'mute' | 'camera-off';

/**
 * A member's attributes: a JSON object of at most 1 KiB that every member sees. The library sets `muted: true` or
 * `cameraOff: true` itself on a moderator's request; the demo page also uses `handRaised`.
 */
export type PeerAttributes = { [key: string]: unknown };

export interface PeerInfo {
  peerId: string;
  name: string;
  /** Whether this client is the polite side toward that peer (perfect negotiation). */
  polite: boolean;
  role: MemberRole;
  /** Its current attributes (`{}` when none). */
  attributes: PeerAttributes;
}

/** Someone waiting in the lobby of a room with `lobby: true`. */
export interface Knock {
  lobbyId: string;
  name: string;
}

export interface RemotePeer extends PeerInfo {
  /** `reconnecting` while its socket is down and its session held for a resume. */
  state: 'connected' | 'reconnecting';
}

/** The server's `joined` reply (PROTOCOL.md). */
export interface JoinedReply {
  op: 'joined';
  id?: string | number;
  room: string;
  peerId: string;
  resumeToken: string;
  /** The others, oldest first. */
  peers: PeerInfo[];
  iceServers: RTCIceServer[];
  maxPeers: number;
  /** Yours. */
  role: MemberRole;
  settings: RoomSettings;
  seq?: number;
}

/** One remote peer's connection, as `stats` reports it. */
export interface PeerConnectionStats {
  peerId: string;
  state: RTCPeerConnectionState;
  /** Milliseconds from creating the connection to its first `connected`; undefined until then. */
  connectMs?: number;
  /** Offers that collided (perfect negotiation settled them). */
  glare: number;
  iceRestarts: number;
}

/** Each event's detail, by event name: what `on(type, handler)` hands the handler. */
export interface MeshClientEventMap {
  peer: PeerInfo;
  track: { peerId: string; track: MediaStreamTrack; stream: MediaStream };
  'peer-left': { peerId: string; name: string; reason: string };
  'peer-state': { peerId: string; state: 'connected' | 'reconnecting' };
  'connection-state': { peerId: string; state: RTCPeerConnectionState };
  /** A `broadcast` from another member; `name` is undefined when that member is no longer known. */
  message: { from: string; name: string | undefined; data: unknown };
  joined: { peerId: string; room: string; resumed: boolean };
  state: { state: MeshClientState };
  /** The server's `closed`, with its reason (`kicked`, `replaced`, `shutdown`: after `shutdown` the client resumes elsewhere). */
  closed: { reason: string };
  error: { code: string; message: string };
  /** A moderator changed the room's settings (`client.settings` holds them). */
  'room-updated': { settings: RoomSettings; by: string };
  /** A member's role changed; `self` when it is this client's (`client.role`). */
  'role-changed': { peerId: string; role: MemberRole; self: boolean };
  /** A moderator's request, already honoured: the microphone muted or the camera off, and the attributes updated. */
  moderation: { action: ModerationAction; by: string; name: string | undefined };
  /** Another member's attributes changed (`client.peers.get(peerId).attributes` holds them). */
  'peer-updated': { peerId: string; attributes: PeerAttributes };
  /** Moderators: someone waits in the lobby; `admit` or `deny` it. */
  knock: Knock;
  /** Moderators: someone stopped waiting (left, dropped, or let in or out by another moderator). */
  'knock-withdrawn': { lobbyId: string };
  /** This client's join waits in the lobby; `join()` resolves once a moderator admits it, or rejects with `denied`. */
  lobby: { lobbyId: string };
}

export class MeshClient extends EventTarget {
  constructor(options: MeshClientOptions);

  /** One RTCPeerConnection per remote peer, by peer id. */
  readonly connections: Map<string, RTCPeerConnection>;
  /** The room's other members, by peer id. */
  readonly peers: Map<string, RemotePeer>;
  /** This client's role in the room, kept current from `role-changed`. */
  readonly role: MemberRole;
  /** The room's settings, kept current from `room-updated`. */
  readonly settings: RoomSettings;
  /** This client's own attributes, as the others see them: change them with setAttributes or updateAttributes. */
  readonly attributes: PeerAttributes;
  /** Moderators: who waits in the lobby, by lobby id. */
  readonly knocks: Map<string, Knock>;
  /** This client's peer id, once joined. */
  peerId: string | null;
  resumeToken: string | null;
  iceServers: RTCIceServer[];
  maxPeers: number | undefined;
  state: MeshClientState;
  room: string;
  name: string;
  stream: MediaStream | null;

  /** Subscribes to an event; the handler gets its detail. Returns the unsubscribe function. */
  on<K extends keyof MeshClientEventMap>(type: K, handler: (detail: MeshClientEventMap[K]) => void): () => void;

  /** Joins the room (once per MeshClient); rejects with a SignalingError when refused. */
  join(): Promise<JoinedReply>;
  leave(): Promise<void>;
  /** Sends `data` (any JSON value) to every other member; they get a `message` event. */
  broadcast(data: unknown): Promise<void>;

  /** Mutes or unmutes the microphone without renegotiating. */
  setMicrophoneEnabled(enabled: boolean): void;
  /** Off releases the camera; on asks for it again (with these constraints). No renegotiation. */
  setCameraEnabled(enabled: boolean, constraints?: boolean | MediaTrackConstraints): Promise<void>;
  /** Adds a screen (from getDisplayMedia unless given) as one more video track; resolves with its stream. */
  startScreenShare(stream?: MediaStream): Promise<MediaStream>;
  stopScreenShare(): void;
  /** Sends one more track to every peer; `role` defaults to the track's kind. */
  addTrack(track: MediaStreamTrack, stream?: MediaStream, role?: string): void;
  removeTrack(track: MediaStreamTrack): void;
  /** Swaps a track in place (same kind, or null to stop sending) without renegotiating. */
  replaceTrack(oldTrack: MediaStreamTrack, newTrack: MediaStreamTrack | null): Promise<void>;
  /** Moderators: lock the room and/or turn the lobby on or off (a field left out stays as it is). */
  setRoomSettings(settings: Partial<RoomSettings>): Promise<void>;
  /** Moderators: removes a member (its client gets `closed` reason `kicked`). */
  kick(peerId: string): Promise<void>;
  /** Moderators: asks a member's client to mute its microphone or stop its camera. */
  moderate(peerId: string, action: ModerationAction): Promise<void>;
  /** Moderators: lets someone waiting in the lobby in. */
  admit(lobbyId: string): Promise<void>;
  /** Moderators: turns someone waiting in the lobby away (its `join()` rejects with `denied`). */
  deny(lobbyId: string): Promise<void>;
  /** Replaces this client's attributes (a JSON object, at most 1 KiB); before joining they are kept and sent on joining. */
  setAttributes(attributes: PeerAttributes): Promise<void>;
  /** Merges `changes` into this client's attributes and sends the result. */
  updateAttributes(changes: PeerAttributes): Promise<void>;
  /** Restarts ICE toward one peer, e.g. after a network change. */
  restartIce(peerId: string): void;
  /** Per remote peer: what `stats` reports. */
  connectionStats(): PeerConnectionStats[];
}
