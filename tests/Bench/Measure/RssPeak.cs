namespace MeshCall.Bench.Measure;

/// <summary>
/// The servers' resident memory, sampled every 100 ms until disposed: the highest total, and each role's own highest
/// (a cluster's gateways and silos do not peak at the same moment). Peaks, not end values, because a
/// garbage-collected server may give memory back between two readings.
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
        Take(read());
        _sampling = SampleAsync();
    }

    public long Total { get; private set; }

    public Dictionary<string, long> ByRole { get; } = [];

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
            Take(_read());
        }
    }

    private void Take(Dictionary<string, long> sample)
    {
        Total = Math.Max(Total, sample.Values.Sum());
        foreach (var (role, bytes) in sample)
        {
            ByRole[role] = Math.Max(ByRole.GetValueOrDefault(role), bytes);
        }
    }
}
