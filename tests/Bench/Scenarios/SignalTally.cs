using MeshCall.Bench.Measure;

namespace MeshCall.Bench.Scenarios;

/// <summary>Counts for one batch of signals (a ramp step, a background load): sent, received, judged per pair, timed.</summary>
public sealed class SignalTally
{
    private long _sent;
    private long _received;
    private long _duplicates;
    private long _reordered;
    private long _errors;

    public Latency Latency { get; } = new();

    public long Sent => Interlocked.Read(ref _sent);

    public long Received => Interlocked.Read(ref _received);

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void CountError() => Interlocked.Increment(ref _errors);

    public void Take(Stamp stamp, Verdict verdict)
    {
        if (verdict == Verdict.Duplicate)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        if (verdict == Verdict.Reordered)
        {
            Interlocked.Increment(ref _reordered);
        }

        Interlocked.Increment(ref _received);
        Latency.RecordSince(stamp.SentAt);
    }

    /// <summary>Waits until everything sent has arrived, or nothing has for <paramref name="quiet"/>.</summary>
    public async Task DrainAsync(TimeSpan quiet, CancellationToken cancellationToken)
    {
        var last = Received;
        var since = System.Diagnostics.Stopwatch.GetTimestamp();
        while (Received < Sent && System.Diagnostics.Stopwatch.GetElapsedTime(since) < quiet)
        {
            await Task.Delay(20, cancellationToken);
            if (Received != last)
            {
                last = Received;
                since = System.Diagnostics.Stopwatch.GetTimestamp();
            }
        }
    }

    public Delivery ToDelivery() => new(Sent, Received, Sent - Received, Interlocked.Read(ref _duplicates), Interlocked.Read(ref _reordered), Interlocked.Read(ref _errors));
}
