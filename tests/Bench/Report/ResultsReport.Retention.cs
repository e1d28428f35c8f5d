using System.Text;
using MeshCall.Bench.Measure;
using MeshCall.Bench.Scenarios;

namespace MeshCall.Bench.Report;

public static partial class ResultsReport
{
    private static void Retention(StringBuilder md, List<RetentionResult> retention)
    {
        if (retention.Count == 0)
        {
            return;
        }

        var first = retention[0];
        var received = first.SignalsPerMate * 3;
        Line(md);
        Line(md, "## retention");
        Line(md);
        Line(md, $"{first.Clients} clients in rooms of 4; each member sends {first.SignalsPerMate} signals of {first.PayloadBytes / 1024} KiB to each of its 3 room mates " +
            $"({received} received each, {Mib((long)first.Clients * received * first.PayloadBytes)} in all) at {first.Rate:N0}/s all together, and every client reads everything. " +
            "First pass: the clients acknowledge what they read (`ack`, at most one per 250 ms), as MeshCall's own libraries do; second pass, on a fresh server " +
            "with fresh rooms and clients: they never do, as a client written before acks. After the traffic the silos' " +
            $"`{Retained.BytesGauge}` and `{Retained.EventsGauge}` are read until they stop falling (at most 3 heartbeat intervals and 5 s): " +
            "kept per session is their sum over the sessions (n/a: the server exports no such gauge). " +
            "The aim: at most 64 KiB kept per session when every client acknowledged, at most `Limits:MaxBufferedBytes` (2 MiB) when none did. " +
            "RSS growth: the server processes' resident memory then, less before the pass's clients joined. PeerJS and the plain hub keep nothing for a resume and do not run it.");
        Line(md);
        Line(md, "| target | kept per session: acking | never acking | gauge settled after: acking / never | RSS growth: acking / never | by process (never acking) | missing / dup / reordered: acking, never | CPU client / server (never acking) |");
        Line(md, "|---|---|---|---|---|---|---|---|");
        foreach (var r in retention)
        {
            var (acking, never) = (r.Acking, r.NeverAcking);
            var roles = string.Join(", ", never.RssGrowthByRole.Select(p => $"{p.Key} {Mib(p.Value)}"));
            Line(md, $"| {r.Target} | {Kept(acking)} | {Kept(never)} | {Seconds(acking.SettledAfterMs)} / {Seconds(never.SettledAfterMs)} | " +
                $"{Mib(acking.RssGrowth)} / {Mib(never.RssGrowth)} | {roles} | {Delivered(acking.Delivery)}, {Delivered(never.Delivery)} | {never.Cpu.Client:F0}% / {never.Cpu.Server:F0}% |");
        }
    }

    private static string Kept(RetentionPass pass) =>
        pass.RetainedBytes is { } bytes ? $"{bytes / 1024:F1} KiB ({pass.RetainedEvents:F1} events)" : "n/a";

    private static string Seconds(double ms) => double.IsNaN(ms) ? "n/a" : $"{ms / 1000:F1} s";

    private static string Delivered(Delivery delivery) => $"{delivery.Lost} / {delivery.Duplicates} / {delivery.Reordered} of {delivery.Sent:N0}";
}
