using System.Collections.Concurrent;
using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;

namespace MeshCall.Grains.Gateways;

/// <summary>
/// The silo's pushes of session events to gateways, shared by its peer grains. The events waiting for one gateway go
/// as one call, with one call in flight per gateway: what is pushed meanwhile makes the next batch. A lone event goes
/// at once; under load batches grow by themselves, and a gateway costs a call per batch instead of one per event.
/// </summary>
/// <remarks>
/// Each event keeps its own outcome and its own deadline (its push timeout, counted from when it was pushed), but a
/// batch has a single timer: it waits until its earliest deadline. Calls are made and answered on the thread pool, never
/// in a grain's turn, so no grain waits for another's turn.
/// </remarks>
public sealed class GatewayPushes(TimeProvider time, ILogger<GatewayPushes> logger, PushBatchLimits limits)
{
    private readonly ConcurrentDictionary<string, GatewayLane> _lanes = new();

    public GatewayPushes(TimeProvider time, ILogger<GatewayPushes> logger)
        : this(time, logger, PushBatchLimits.Default)
    {
    }

    internal TimeProvider Time => time;

    internal ILogger Logger => logger;

    internal PushBatchLimits Limits { get; } = limits is { MaxEvents: > 0, MaxBytes: > 0 }
        ? limits
        : throw new ArgumentOutOfRangeException(nameof(limits), limits, "a batch must carry at least one event");

    /// <summary>
    /// Queues <paramref name="numbered"/> for <paramref name="connection"/>. The task ends with its outcome, never with an
    /// exception: <see cref="PushResult.NoAnswer"/> once <paramref name="timeout"/> has passed without the gateway's answer.
    /// </summary>
    /// <remarks>
    /// A gateway's connections all state the same timeout. An event given a shorter one than those ahead of it is
    /// answered when the batch in flight is, which may be after its own deadline.
    /// </remarks>
    public Task<PushResult> PushAsync(GatewayConnection connection, NumberedEvent numbered, TimeSpan timeout)
    {
        var push = new PendingPush(connection.ConnectionId, numbered, Time.GetUtcNow() + timeout);
        while (true)
        {
            var lane = _lanes.GetOrAdd(connection.GatewayId, static (id, state) => new GatewayLane(id, state.Observer, state.Owner), (connection.Observer, Owner: this));
            if (lane.TryEnqueue(push, out var start))
            {
                if (start)
                {
                    // Off the grain's scheduler (and without its request context): the lane's calls and their answers
                    // must not queue behind this grain's turns, nor any grain's behind them.
                    ThreadPool.UnsafeQueueUserWorkItem(static lane => _ = lane.RunAsync(), lane, preferLocal: false);
                }

                return push.Task;
            }

            // That lane went idle and was let go just now; the next GetOrAdd makes a fresh one.
        }
    }

    /// <summary>An idle lane is let go, so gateways that are gone leave nothing behind.</summary>
    internal void Retire(GatewayLane lane) => _lanes.TryRemove(new KeyValuePair<string, GatewayLane>(lane.GatewayId, lane));
}
