using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;

namespace MeshCall.Grains.Gateways;

/// <summary>
/// One event waiting to be pushed, and its outcome. Completed from the thread pool; a grain awaiting it resumes on its
/// own scheduler, never inline on the thread that completed it.
/// </summary>
internal sealed class PendingPush(string connectionId, NumberedEvent numbered, DateTimeOffset due)
    : TaskCompletionSource<PushResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public ConnectionEvent Event { get; } = new(connectionId, numbered);

    /// <summary>When its push timeout, counted from when it was pushed, runs out.</summary>
    public DateTimeOffset Due => due;

    public int Bytes => numbered.Event.WireBytes;
}
