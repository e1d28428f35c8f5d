namespace MeshCall.Client;

/// <summary>How a <see cref="MeshCallClient"/> keeps what the server pushes.</summary>
public sealed record MeshCallClientOptions
{
    public const int DefaultEventCapacity = 1024;

    /// <summary>
    /// How many pushed messages <see cref="MeshCallClient.Events"/> holds unread. When it is full, the oldest is
    /// dropped to make room and counted in <see cref="MeshCallClient.DroppedEvents"/>: an application that uses only
    /// the typed events (which see every message) never reads the channel, and must not grow without end for it.
    /// A reader that keeps up never loses one.
    /// </summary>
    public int EventCapacity { get; init; } = DefaultEventCapacity;
}
