using System.Text.Json;

namespace MeshCall.Client;

/// <summary>The roles PROTOCOL.md names, and what a member without attributes has.</summary>
public static class MemberRoles
{
    public const string Moderator = "moderator";

    public const string Member = "member";

    /// <summary>The attributes of a member that set none: <c>{}</c>.</summary>
    public static JsonElement NoAttributes { get; } = JsonDocument.Parse("{}").RootElement.Clone();
}

/// <summary>A room's settings: a locked room refuses fresh joins, a lobby holds them until a moderator admits them.</summary>
public sealed record RoomSettings(bool Locked, bool Lobby)
{
    /// <summary>Neither locked nor with a lobby: how every room starts.</summary>
    public static RoomSettings Open { get; } = new(false, false);

    internal static RoomSettings Read(JsonElement settings) =>
        new(settings.GetProperty("locked").GetBoolean(), settings.GetProperty("lobby").GetBoolean());
}

/// <summary>A moderator (<see cref="By"/>) changed the room's settings.</summary>
public sealed record RoomUpdate(RoomSettings Settings, string By)
{
    internal static RoomUpdate Read(JsonElement update) =>
        new(RoomSettings.Read(update.GetProperty("settings")), update.GetProperty("by").GetString()!);
}

/// <summary>
/// A moderator (<see cref="By"/>) asks you to <c>mute</c> or turn your camera off (<c>camera-off</c>). A mesh server
/// never sees your media, so honouring it is up to you; say so in your attributes for the others to see.
/// </summary>
public sealed record ModerationRequest(string Action, string By)
{
    internal static ModerationRequest Read(JsonElement request) =>
        new(request.GetProperty("action").GetString()!, request.GetProperty("by").GetString()!);
}

/// <summary>A member replaced its attributes (a JSON object; <c>{}</c> clears them).</summary>
public sealed record PeerUpdate(string PeerId, JsonElement Attributes)
{
    internal static PeerUpdate Read(JsonElement update) =>
        new(update.GetProperty("peerId").GetString()!, update.GetProperty("attributes"));
}

/// <summary>Someone waits in the room's lobby (moderators only hear of it): admit or deny its <see cref="LobbyId"/>.</summary>
public sealed record Knock(string LobbyId, string Name)
{
    internal static Knock Read(JsonElement knock) =>
        new(knock.GetProperty("lobbyId").GetString()!, knock.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "");
}
