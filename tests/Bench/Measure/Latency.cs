using System.Diagnostics;
using HdrHistogram;

namespace MeshCall.Bench.Measure;

/// <summary>A latency distribution in microseconds (1 µs to 60 s, 3 significant digits), safe to record from any thread.</summary>
public sealed class Latency
{
    private readonly LongConcurrentHistogram _histogram = new(1, 60_000_000, 3);

    public long Count => _histogram.TotalCount;

    public void RecordSince(long startedAt) => RecordMicros(Micros(Stopwatch.GetTimestamp() - startedAt));

    public void RecordMicros(long micros) => _histogram.RecordValue(Math.Clamp(micros, 1, 60_000_000));

    /// <summary>The given percentile in milliseconds; NaN when nothing was recorded.</summary>
    public double Ms(double percentile) =>
        Count == 0 ? double.NaN : _histogram.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => Count == 0 ? double.NaN : _histogram.GetMaxValue() / 1000.0;

    public static long Micros(long stopwatchTicks) => stopwatchTicks * 1_000_000 / Stopwatch.Frequency;
}
