// Uses of the library that are wrong: each must be a compile error. Packages.Tests compiles this file as it is
// (each error expected) and again without the @ts-expect-error lines (each line below one must then fail).
import { MeshClient } from 'meshcall';

// @ts-expect-error a room is required
new MeshClient({ name: 'Ada' });

const client = new MeshClient({ room: 'standup' });

// @ts-expect-error there is no such event (the server's op is peer-joined; the library's event is peer)
client.on('peer-joined', () => {});

// @ts-expect-error a track event has no `from`
client.on('track', ({ from }) => from);

// @ts-expect-error peer ids are strings
client.restartIce(42);

// @ts-expect-error a moderator may ask for mute or camera-off only
await client.moderate('p2', 'deafen');

// @ts-expect-error room settings are booleans
await client.setRoomSettings({ locked: 'yes' });

// @ts-expect-error the role is the server's to give: the client only reads it
client.role = 'moderator';

// @ts-expect-error a knock names a lobby id, not a peer id
client.on('knock', ({ peerId }) => peerId);

// @ts-expect-error attributes are one JSON object, not a list
await client.setAttributes(['muted']);

// @ts-expect-error connections is the client's own map
client.connections = new Map();

// @ts-expect-error join takes no room: the room is an option of the constructor
await client.join('standup');

// @ts-expect-error the uplink budget is a number of kbps
new MeshClient({ room: 'standup', uplinkKbps: '2500' });
