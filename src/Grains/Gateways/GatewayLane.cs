using System.Collections.Immutable;
using MeshCall.Contracts.Gateways;

namespace MeshCall.Grains.Gateways;

/// <summary>
/// One gateway's pushes from this silo: one batch in flight, what is pushed meanwhile waiting for the next. Once
/// nothing waits the lane retires, and the next push to that gateway starts a new one.
/// </summary>
internal sealed class GatewayLane(string gatewayId, IGatewayObserver observer, GatewayPushes owner)
{
    private readonly Lock _lock = new();
    private readonly Queue<PendingPush> _waiting = new();
    private bool _sending;
    private bool _retired;

    public string GatewayId => gatewayId;

    /// <summary>
    /// Queues <paramref name="push"/>; <paramref name="start"/> says the caller must start <see cref="RunAsync"/> (no
    /// batch is under way). False when the lane has retired: the caller takes a new one.
    /// </summary>
    public bool TryEnqueue(PendingPush push, out bool start)
    {
        lock (_lock)
        {
            start = false;
            if (_retired)
            {
                return false;
            }

            _waiting.Enqueue(push);
            start = !_sending;
            _sending = true;
            return true;
        }
    }

    /// <summary>Sends batch after batch, each once the previous one is answered or has timed out, until none waits.</summary>
    public async Task RunAsync()
    {
        while (TakeBatch() is { } batch)
        {
            await SendAsync(batch);
        }
    }

    private PendingPush[]? TakeBatch()
    {
        lock (_lock)
        {
            if (_waiting.Count == 0)
            {
                _sending = false;
                _retired = true;
                owner.Retire(this);
                return null;
            }

            var limits = owner.Limits;
            var batch = new List<PendingPush>(Math.Min(_waiting.Count, limits.MaxEvents));
            var bytes = 0L;
            while (batch.Count < limits.MaxEvents && _waiting.TryPeek(out var next) && (batch.Count == 0 || bytes + next.Bytes <= limits.MaxBytes))
            {
                batch.Add(_waiting.Dequeue());
                bytes += next.Bytes;
            }

            return [.. batch];
        }
    }

    private async Task SendAsync(PendingPush[] batch)
    {
        var now = owner.Time.GetUtcNow();
        DateTimeOffset? deadline = null;
        var events = ImmutableArray.CreateBuilder<ConnectionEvent>(batch.Length);
        foreach (var push in batch)
        {
            events.Add(push.Event);
            if (push.Due <= now)
            {
                // Its whole timeout passed behind an earlier batch: its grain answers now. It still goes, so that the
                // gateway may fill the gap in its sequence sooner than a heartbeat would.
                push.TrySetResult(PushResult.NoAnswer);
            }
            else if (deadline is null || push.Due < deadline)
            {
                deadline = push.Due;
            }
        }

        if (deadline is not { } due)
        {
            // Nobody waits for this batch's answer, so the lane does not either.
            Forget(Call(events.MoveToImmutable()));
            return;
        }

        var wait = due - now;
        using var timeout = new CancellationTokenSource(wait, owner.Time);
        var call = Call(events.MoveToImmutable());
        try
        {
            Complete(batch, await call.WaitAsync(timeout.Token));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            GatewayPushLog.Unanswered(owner.Logger, batch.Length, gatewayId, wait);
            Forget(call);
            Unanswered(batch);
        }
        catch (Exception ex)
        {
            GatewayPushLog.Failed(owner.Logger, ex, batch.Length, gatewayId);
            Unanswered(batch);
        }
    }

    private Task<ImmutableArray<int>> Call(ImmutableArray<ConnectionEvent> events)
    {
        try
        {
            return observer.AcceptBatchAsync(events);
        }
        catch (Exception ex)
        {
            return Task.FromException<ImmutableArray<int>>(ex);
        }
    }

    private static void Complete(PendingPush[] batch, ImmutableArray<int> refused)
    {
        foreach (var index in refused.IsDefault ? [] : refused)
        {
            if ((uint)index < (uint)batch.Length)
            {
                batch[index].TrySetResult(PushResult.ConnectionGone);
            }
        }

        foreach (var push in batch)
        {
            push.TrySetResult(PushResult.Confirmed);
        }
    }

    private static void Unanswered(PendingPush[] batch)
    {
        foreach (var push in batch)
        {
            push.TrySetResult(PushResult.NoAnswer);
        }
    }

    /// <summary>A call no one waits for any more: its late failure is observed, not left to the unobserved-task handler.</summary>
    private static void Forget(Task call) =>
        call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
