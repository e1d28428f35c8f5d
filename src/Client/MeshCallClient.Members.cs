using System.Text.Json;

namespace MeshCall.Client;

/// <summary>
/// PROTOCOL.md's roles, moderation, lobby and attributes. The moderators' requests answer anyone else
/// <c>forbidden</c>; a peer outside the room is <c>unknown-peer</c>.
/// </summary>
public sealed partial class MeshCallClient
{
    /// <summary>Locks the room (fresh joins get <c>room-locked</c>) or gives it a lobby; a setting left null is kept.</summary>
    public Task SetRoomSettingsAsync(bool? locked = null, bool? lobby = null, CancellationToken cancellation = default) =>
        RequestAsync(new Dictionary<string, object?> { ["op"] = "room-settings", ["locked"] = locked, ["lobby"] = lobby }, cancellation);

    /// <summary>Closes that member's session (it gets <c>closed</c> <c>kicked</c>); the others see it leave as <c>kicked</c>.</summary>
    public Task KickAsync(string peerId, CancellationToken cancellation = default) =>
        RequestAsync(new Dictionary<string, object?> { ["op"] = "kick", ["peerId"] = peerId }, cancellation);

    /// <summary>Asks that member, and only it, to <c>mute</c> or turn its camera off (<c>camera-off</c>).</summary>
    public Task ModerateAsync(string peerId, string action, CancellationToken cancellation = default) =>
        RequestAsync(new Dictionary<string, object?> { ["op"] = "moderate", ["peerId"] = peerId, ["action"] = action }, cancellation);

    /// <summary>Lets a knocking client in: its join is answered <c>joined</c>.</summary>
    public Task AdmitAsync(string lobbyId, CancellationToken cancellation = default) =>
        RequestAsync(new Dictionary<string, object?> { ["op"] = "admit", ["lobbyId"] = lobbyId }, cancellation);

    /// <summary>Turns a knocking client away: its join is answered <c>denied</c>.</summary>
    public Task DenyAsync(string lobbyId, CancellationToken cancellation = default) =>
        RequestAsync(new Dictionary<string, object?> { ["op"] = "deny", ["lobbyId"] = lobbyId }, cancellation);

    /// <summary>
    /// Replaces your attributes with <paramref name="attributesJson"/>, one JSON object of at most 1 KiB (larger:
    /// <c>too-large</c>; not an object: <c>invalid-message</c>); <c>{}</c> clears them. The others get <c>peer-updated</c>.
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public Task SetAttributesAsync(string attributesJson, CancellationToken cancellation = default)
    {
        using (JsonDocument.Parse(attributesJson))
        {
            // Checked here so a typo fails at its caller, not as a frame the server cannot read.
        }

        return RequestAsync(new Dictionary<string, object?> { ["op"] = "set-attributes", ["attributes"] = Raw(attributesJson) }, cancellation);
    }
}
