namespace MeshCall.Bench.Measure;

/// <summary>
/// The servers' resident memory, sampled every 100 ms until disposed: the sample with the highest total, by role.
/// A peak, not an end value, because a garbage-collected server may give memory back between two readings.
/// </summary>
public sealed class RssPeak : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly Func<Dictionary<string, long>> _read;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public RssPeak(Func<Dictionary<string, long>> read)
    {
        _read = read;
        Peak = read();
        _sampling = SampleAsync();
    }

    /// <summary>The sample with the highest total so far.</summary>
    public Dictionary<string, long> Peak { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            var sample = _read();
            if (sample.Values.Sum() > Peak.Values.Sum())
            {
                Peak = sample;
            }
        }
    }
}
