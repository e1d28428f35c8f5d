using System.Diagnostics;
using MeshCall.Bench.Targets;
using MeshCall.Testing;

namespace MeshCall.Bench.Measure;

/// <summary>What the sessions on a server keep for a resume, summed over its silos' gauges, and when that was read.</summary>
/// <param name="SettledAfterMs">From the first reading to the last, which the gauge no longer fell after.</param>
public sealed record Retained(double Bytes, double Events, double SettledAfterMs)
{
    public const string BytesGauge = "meshcall_sessions_retained_bytes";
    public const string EventsGauge = "meshcall_sessions_retained_events";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>
    /// Reads the gauges until the bytes stop falling: acks reach a session with its gateway's heartbeat, so once a
    /// heartbeat interval and a second have passed without a fall, none is coming. Bounded by three heartbeats and
    /// 5 s. Null when the server exports no such gauge (one older than acks) or has no silo to ask.
    /// </summary>
    public static async Task<Retained?> SettleAsync(ServerUnderTest server, CancellationToken cancellationToken)
    {
        var metrics = server.SiloMetrics.ToArray();
        if (metrics.Length == 0 || server.HeartbeatInterval is not { } heartbeat)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        var limit = 3 * heartbeat + TimeSpan.FromSeconds(5);
        var quiet = heartbeat + TimeSpan.FromSeconds(1);
        var lowest = await ReadAsync(metrics, cancellationToken);
        if (lowest is null)
        {
            return null;
        }

        var fellAt = started;
        while (lowest.Bytes > 0 && Stopwatch.GetElapsedTime(fellAt) < quiet && Stopwatch.GetElapsedTime(started) < limit)
        {
            await Task.Delay(Poll, cancellationToken);
            if (await ReadAsync(metrics, cancellationToken) is { } now && now.Bytes < lowest.Bytes)
            {
                lowest = now;
                fellAt = Stopwatch.GetTimestamp();
            }
        }

        return lowest with { SettledAfterMs = Stopwatch.GetElapsedTime(started, fellAt).TotalMilliseconds };
    }

    private static async Task<Retained?> ReadAsync(Uri[] metrics, CancellationToken cancellationToken)
    {
        var expositions = await Task.WhenAll(metrics.Select(m => PrometheusText.ScrapeAsync(Http, m).WaitAsync(cancellationToken)));
        if (!expositions.Any(e => PrometheusText.Has(e, BytesGauge)))
        {
            return null;
        }

        return new Retained(expositions.Sum(e => PrometheusText.Sum(e, BytesGauge)), expositions.Sum(e => PrometheusText.Sum(e, EventsGauge)), 0);
    }
}
