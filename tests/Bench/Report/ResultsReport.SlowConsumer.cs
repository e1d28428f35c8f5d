using System.Text;
using MeshCall.Bench.Scenarios;

namespace MeshCall.Bench.Report;

public static partial class ResultsReport
{
    private static void SlowConsumer(StringBuilder md, List<SlowConsumerResult> slow)
    {
        if (slow.Count == 0)
        {
            return;
        }

        var first = slow[0];
        Line(md);
        Line(md, "## slow-consumer");
        Line(md);
        Line(md, $"One room of 4. Three members broadcast {first.Broadcasts:N0} messages of {first.PayloadBytes / 1024} KiB between them at {first.Rate:N0}/s " +
            $"({Mib(first.BytesAtFourth)} addressed to the fourth), while the fourth, on a socket with a 16 KiB receive buffer, does not read; then it reads again. " +
            "Memory: the server processes' resident memory (RSS) at its highest during the broadcasts, less just before them (by process: each at its own highest). The same traffic with the fourth " +
            "member reading, on a fresh server, is the baseline: a garbage-collected server grows with any traffic. " +
            "Dropped after: from the first broadcast until the others are told its connection is gone. " +
            "What the others got is counted before the fourth reads again: what reaches them only then, the fourth held back. " +
            "MeshCall's targets use `broadcast`; PeerJS and the plain hub have none, so their members send each message to each room mate.");
        Line(md);
        Line(md, "| target | RSS growth: all reading / one not | by process (one not) | dropped after | then the fourth got | and its connection | the others meanwhile: missing / dup / reordered | their p99 ms: all reading / one not | CPU client / server |");
        Line(md, "|---|---|---|---|---|---|---|---|---|");
        foreach (var s in slow)
        {
            var stalled = s.Stalled;
            var roles = string.Join(", ", stalled.PeakGrowthByRole.Select(r => $"{r.Key} {Mib(r.Value)}"));
            var dropped = double.IsNaN(stalled.DroppedAfterMs) ? "never" : $"{Ms(stalled.DroppedAfterMs)} ms ({Mib(stalled.SentBeforeDrop * s.PayloadBytes)} sent at it)";
            Line(md, $"| {s.Target} | {Mib(s.Reading.PeakGrowth)} / {Mib(stalled.PeakGrowth)} | {roles} | {dropped} | " +
                $"{stalled.FourthGot:N0} of {s.Broadcasts:N0} ({Mib(stalled.FourthBytes)}) | {stalled.Ending} | " +
                $"{stalled.Delivery.Lost} / {stalled.Delivery.Duplicates} / {stalled.Delivery.Reordered} of {stalled.Delivery.Sent:N0} | " +
                $"{Ms(s.Reading.Latency.P99)} / {Ms(stalled.Latency.P99)} | {stalled.Cpu.Client:F0}% / {stalled.Cpu.Server:F0}% |");
        }
    }

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):F1} MiB";
}
