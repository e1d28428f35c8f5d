namespace MeshCall.Client;

/// <summary>Where and how a <see cref="MeshCallSession"/> joins, and how hard it tries to stay.</summary>
public sealed record MeshCallSessionOptions(IReadOnlyList<Uri> Urls, string Room, string? Name = null)
{
    /// <summary>A JWT room grant, when the server has auth on.</summary>
    public string? Token { get; init; }

    /// <summary>
    /// Called with the lobby id when the room's lobby holds the join: <see cref="MeshCallSession.JoinAsync"/> then
    /// completes once a moderator admits it, or throws <see cref="MeshCallException"/> <c>denied</c>; cancel it to
    /// stop waiting (the knock is withdrawn). Called again, with a new id, when the connection drops while it waits:
    /// the session knocks again and the first knock is withdrawn. Not called for a resume, which no lobby holds.
    /// </summary>
    public Action<string>? WaitingInLobby { get; init; }

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to keep trying to reach a gateway; past the server's resume window a resume would fail anyway.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many pushed messages <see cref="MeshCallSession.Events"/> (and each connection under it) holds unread; past
    /// that the oldest is dropped and counted in <see cref="MeshCallSession.DroppedEvents"/>, so a session used only
    /// through its typed events stays bounded.
    /// </summary>
    public int EventCapacity { get; init; } = MeshCallClientOptions.DefaultEventCapacity;

    /// <summary>The clock of the acknowledgements (one at most every 250 ms); a test can drive it.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
