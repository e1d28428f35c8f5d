// The demo page's roles, moderation and attributes: a moderator's lock and lobby switches and knock list, each
// tile's muted / camera-off / hand-raised badges, and the raise-hand button.

const $ = (selector) => document.querySelector(selector);
const knockTemplate = document.getElementById('knock-template');

/** Sets a toggle button's pressed state and its label. */
export function toggle(button, pressed, onLabel, offLabel) {
  button.setAttribute('aria-pressed', String(pressed));
  button.textContent = pressed ? onLabel : offLabel;
}

/** Shows `client`'s members on `tiles` and, while this page's client is a moderator, the moderation controls. */
export function watchMembers(client, tiles, note) {
  const nameOf = (peerId) => client.peers.get(peerId)?.name || 'Guest';
  const showRole = () => {
    const moderating = client.role === 'moderator';
    $('#moderation').hidden = !moderating;
    tiles.setModerating(moderating);
    tiles.setRole('self', client.role);
    if (!moderating) $('#knocks').replaceChildren();
  };
  const showSettings = () => {
    $('#lock').checked = client.settings.locked;
    $('#lobby').checked = client.settings.lobby;
  };

  client.on('joined', () => {
    showRole();
    showSettings();
  });
  client.on('peer', ({ peerId, role, attributes }) => {
    tiles.setRole(peerId, role);
    tiles.setAttributes(peerId, attributes);
  });
  client.on('peer-updated', ({ peerId, attributes }) => tiles.setAttributes(peerId, attributes));
  client.on('role-changed', ({ peerId, role, self }) => {
    if (!self) return tiles.setRole(peerId, role);
    showRole();
    if (role === 'moderator') note('You are now a moderator of this room.');
  });
  client.on('room-updated', ({ settings, by }) => {
    showSettings();
    const who = by === client.peerId ? 'You' : nameOf(by);
    note(`${who} ${settings.locked ? 'locked' : 'unlocked'} the room; lobby ${settings.lobby ? 'on' : 'off'}.`);
  });
  client.on('moderation', ({ action, name }) => {
    // The library has already muted the microphone or stopped the camera: the buttons now say so.
    if (action === 'mute') toggle($('#mute'), true, 'Unmute', 'Mute');
    if (action === 'camera-off') toggle($('#camera'), true, 'Camera on', 'Camera off');
    tiles.setAttributes('self', client.attributes);
    note(`${name || 'A moderator'} ${action === 'mute' ? 'muted you' : 'turned your camera off'}.`);
  });
  client.on('lobby', () => note('Waiting in the lobby until a moderator lets you in…'));
  client.on('knock', ({ lobbyId, name }) => addKnock(client, lobbyId, name, note));
  client.on('knock-withdrawn', ({ lobbyId }) => knockItem(lobbyId)?.remove());
}

/** Changes this page's own attributes (what every tile of this person shows), and its own tile. */
export async function updateOwnAttributes(client, tiles, changes, note) {
  if (!client) return;
  try {
    await client.updateAttributes(changes);
  } catch (error) {
    note(`Not shown to the others: ${error.message}`);
  }
  tiles.setAttributes('self', client.attributes);
}

/** A moderator's actions on a tile: mute that peer, or remove it from the room. */
export function tileActions(client, note) {
  const run = async (what, action) => {
    try {
      await action();
    } catch (error) {
      note(`Could not ${what}: ${error.message}`);
    }
  };
  return {
    onMute: (peerId) => run('mute', () => client().moderate(peerId, 'mute')),
    onRemove: (peerId) => run('remove', () => client().kick(peerId)),
  };
}

/** The lock and lobby switches: a moderator's change goes to the server; a refusal puts the switch back. */
export function wireRoomSwitches(client, note) {
  for (const key of ['locked', 'lobby']) {
    const input = key === 'locked' ? $('#lock') : $('#lobby');
    input.addEventListener('change', async () => {
      const current = client();
      if (!current) return;
      try {
        await current.setRoomSettings({ [key]: input.checked });
      } catch (error) {
        input.checked = current.settings[key];
        note(`Room settings: ${error.message}`);
      }
    });
  }
}

function addKnock(client, lobbyId, name, note) {
  if (knockItem(lobbyId)) return;
  const item = knockTemplate.content.firstElementChild.cloneNode(true);
  item.dataset.lobbyId = lobbyId;
  item.querySelector('.name').textContent = name || 'Guest'; // never innerHTML: the name is someone else's
  const decide = async (admit) => {
    try {
      await (admit ? client.admit(lobbyId) : client.deny(lobbyId));
      item.remove();
    } catch (error) {
      note(`Could not ${admit ? 'admit' : 'deny'} ${name || 'Guest'}: ${error.message}`);
    }
  };
  item.querySelector('.admit').addEventListener('click', () => decide(true));
  item.querySelector('.deny').addEventListener('click', () => decide(false));
  $('#knocks').append(item);
  note(`${name || 'Guest'} is waiting in the lobby.`);
}

function knockItem(lobbyId) {
  return [...$('#knocks').children].find((item) => item.dataset.lobbyId === lobbyId);
}
