using System.Net.WebSockets;
using System.Text.Json;

namespace MeshCall.Client;

/// <summary>
/// The session's view of its room (kept up to date by the events, given afresh by each resume) and the requests of
/// roles, moderation, the lobby and attributes. Those that mean the same however often they arrive (settings,
/// attributes) are sent again across a lost connection or an <c>unavailable</c>, like a signal; the others (kick,
/// moderate, admit, deny) only after <c>rate-limited</c>, like a broadcast, and otherwise throw for the caller to decide.
/// </summary>
public sealed partial class MeshCallSession
{
    /// <summary>Your role: <c>moderator</c> or <c>member</c>.</summary>
    public string Role => _roster.Role;

    public RoomSettings Settings => _roster.Settings;

    /// <summary>The other members now, by peer id, each with its role and attributes.</summary>
    public IReadOnlyDictionary<string, RemotePeer> Peers => _roster.Peers;

    /// <summary>Your attributes as the server last accepted them (<c>{}</c> until you set some); a resume keeps them.</summary>
    public JsonElement Attributes => _roster.Attributes;

    /// <inheritdoc cref="MeshCallClient.SetRoomSettingsAsync"/>
    public Task SetRoomSettingsAsync(bool? locked = null, bool? lobby = null, CancellationToken cancellation = default) =>
        SendAsync(client => client.SetRoomSettingsAsync(locked, lobby, cancellation), repeatable: true, cancellation);

    /// <inheritdoc cref="MeshCallClient.KickAsync"/>
    public Task KickAsync(string peerId, CancellationToken cancellation = default) =>
        SendAsync(client => client.KickAsync(peerId, cancellation), repeatable: false, cancellation);

    /// <inheritdoc cref="MeshCallClient.ModerateAsync"/>
    public Task ModerateAsync(string peerId, string action, CancellationToken cancellation = default) =>
        SendAsync(client => client.ModerateAsync(peerId, action, cancellation), repeatable: false, cancellation);

    /// <inheritdoc cref="MeshCallClient.AdmitAsync"/>
    public Task AdmitAsync(string lobbyId, CancellationToken cancellation = default) =>
        SendAsync(client => client.AdmitAsync(lobbyId, cancellation), repeatable: false, cancellation);

    /// <inheritdoc cref="MeshCallClient.DenyAsync"/>
    public Task DenyAsync(string lobbyId, CancellationToken cancellation = default) =>
        SendAsync(client => client.DenyAsync(lobbyId, cancellation), repeatable: false, cancellation);

    /// <inheritdoc cref="MeshCallClient.SetAttributesAsync"/>
    /// <remarks><see cref="Attributes"/> has them once the server accepted them.</remarks>
    public async Task SetAttributesAsync(string attributesJson, CancellationToken cancellation = default)
    {
        using var parsed = JsonDocument.Parse(attributesJson);
        await SendAsync(client => client.SetAttributesAsync(attributesJson, cancellation), repeatable: true, cancellation);
        _roster.Attributes = parsed.RootElement.Clone();
    }

    private async Task SendAsync(Func<MeshCallClient, Task> request, bool repeatable, CancellationToken cancellation)
    {
        for (var attempt = 0; ; attempt++)
        {
            var client = await _link.CurrentAsync(cancellation);
            try
            {
                await request(client);
                return;
            }
            catch (MeshCallException error) when (error.Code == "rate-limited" || (repeatable && SessionLink.IsTransient(error)))
            {
                await Task.Delay(_link.Backoff(attempt), cancellation);
            }
            catch (WebSocketException) when (repeatable)
            {
                // Cut off with the request in flight: the pump resumes, and sending it again changes nothing more.
                await WaitForReplacementAsync(client, cancellation);
            }
        }
    }
}
