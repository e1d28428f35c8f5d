using System.Xml.Linq;
using MeshCall.Bench.Report;
using MeshCall.Bench.Scenarios;
using MeshCall.Bench.Targets;

namespace MeshCall.Bench.Tests;

/// <summary>
/// The load tool's smoke run: every scenario against every target at a few clients for a few seconds, so the tool
/// keeps working as the servers change. It asserts what the tool reports about delivery (every signal and roster
/// event arrived once, in order), never how fast: speed lives in the tool's own runs (docs/benchmarks.md).
/// </summary>
public sealed class BenchSmokeTests
{
    public static TheoryData<string> Targets => [.. Target.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Every_scenario_runs_and_every_signal_arrives_once_in_order(string target)
    {
        var options = BenchOptions.Smoke();
        options.Targets = target;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));

        var run = await BenchRun.RunAsync(BenchRun.Scenarios, options, "smoke", deadline.Token);

        var relay = Assert.Single(run.Relay);
        Assert.Equal(options.RelayClients, relay.Clients);
        Assert.Equal(options.Rates.Count, relay.Steps.Count);
        Assert.All(relay.Steps, s => Exact(s.Delivery));
        Assert.All(relay.Steps, s => Assert.True(s.Delivery.Sent >= s.Offered * options.StepSeconds * 0.99, $"{s.Delivery.Sent} sent at {s.Offered}/s"));

        var storm = Assert.Single(run.JoinStorm);
        Assert.Equal(0, storm.Failed);
        Assert.True(storm.Join.P50 > 0);
        if (Target.Select(target)[0].HasRoster)
        {
            Assert.NotNull(storm.Fanout);
            Assert.Equal(0, storm.MissedRoster);
            Assert.Equal(0, storm.DuplicateRoster);
        }

        var mesh = Assert.Single(run.Mesh);
        Assert.Equal(options.MeshRooms * 15, mesh.Pairs);
        Assert.Equal(mesh.Pairs, mesh.Done);
        Assert.Equal(mesh.Pairs * 18L, mesh.Delivery.Sent);
        Exact(mesh.Delivery);

        var density = Assert.Single(run.Density);
        Assert.Equal(options.DensityClients, density.Clients);
        Assert.Equal(0, density.Failed);
        Exact(density.Delivery);

        // Only what the members who read got: what the one who does not costs the server is the tool's to report.
        var slow = Assert.Single(run.SlowConsumer);
        Assert.Equal(options.SlowBroadcasts * 2L, slow.Stalled.Delivery.Sent);
        Exact(slow.Reading.Delivery);
        Assert.Equal(options.SlowBroadcasts, slow.Reading.FourthGot);
        if (!Target.Select(target)[0].SlowMemberHoldsOthers)
        {
            Exact(slow.Stalled.Delivery);
        }

        var report = ResultsReport.Render(run, options);
        Assert.Contains($"| {target} | ", report[report.IndexOf("## slow-consumer", StringComparison.Ordinal)..], StringComparison.Ordinal);

        if (!Target.Select(target)[0].KeepsEvents)
        {
            Assert.Empty(run.Retention);
            return;
        }

        var retention = Assert.Single(run.Retention);
        Assert.All([retention.Acking, retention.NeverAcking], pass =>
        {
            Assert.Equal(options.RetentionClients * 3L * options.RetentionSignals, pass.Delivery.Sent);
            Exact(pass.Delivery);
        });

        // The aims: a session whose client read and acknowledged everything keeps at most 64 KiB for a resume;
        // one whose client never acknowledges, at most Limits:MaxBufferedBytes (here all it was sent, under it).
        Assert.InRange(retention.Acking.RetainedBytes!.Value, 0, 64 * 1024);
        Assert.InRange(retention.NeverAcking.RetainedBytes!.Value, options.RetentionSignals * 3 * options.RetentionPayloadBytes, 2 * 1024 * 1024);
        Assert.Contains($"| {target} | ", report[report.IndexOf("## retention", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_has_a_row_per_target_and_the_chart_a_line_per_target()
    {
        var run = new RunResults { Machine = "test box", Commit = "abc1234", Command = "bench relay" };
        foreach (var (name, slowdown) in new[] { ("meshcall-ws", 1.0), ("peerjs", 3.0) })
        {
            run.Relay.Add(new RelayResult(name, 8, 1024,
            [
                new RelayStep(1000, 1000, new Delivery(5000, 5000, 0, 0, 0, 0), new Percentiles(0.5 * slowdown, 2 * slowdown, 3 * slowdown, 4 * slowdown), new Cpu(10, 20), true),
                new RelayStep(5000, 4000, new Delivery(25000, 24000, 1000, 0, 0, 0), new Percentiles(9, 40, 50, 60), new Cpu(50, 90), false),
            ]));
        }

        var markdown = ResultsReport.Render(run, new BenchOptions { RelayRates = "1000,5000", FixedRate = 5000 });
        var svg = XDocument.Parse(RelayChart.Render(run.Relay));

        Assert.Contains("- **Code:** commit `abc1234`", markdown, StringComparison.Ordinal);
        Assert.Contains("| meshcall-ws | 1,000/s | 1.00× |", markdown, StringComparison.Ordinal);
        Assert.Contains("| peerjs | 1,000/s |", markdown, StringComparison.Ordinal);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(2, svg.Descendants(ns + "polyline").Count());
        // The failed step is drawn hollow, the passed ones filled.
        Assert.Equal(2, svg.Descendants(ns + "circle").Count(c => (string?)c.Attribute("fill") == "white"));
    }

    [Fact]
    public void The_slow_consumer_table_says_when_the_member_was_dropped_and_how_its_connection_ended()
    {
        var run = new RunResults { Machine = "test box", Commit = "abc1234", Command = "bench slow-consumer" };
        var delivery = new Delivery(6000, 6000, 0, 0, 0, 0);
        var latency = new Percentiles(1, 2, 3, 4);
        var mib = 1024L * 1024;
        var reading = new SlowConsumerPass(70 * mib, new() { ["gateway"] = 50 * mib, ["silo"] = 30 * mib }, [], double.NaN, 0, 3000, 180 * mib, "open", delivery, latency, new Cpu(10, 20));
        run.SlowConsumer.Add(new SlowConsumerResult("cluster-ws", 3000, 60 * 1024, 300, reading,
            reading with { PeakGrowth = 75 * mib, DroppedAfterMs = 450, SentBeforeDrop = 70, FourthGot = 60, FourthBytes = 3 * mib, Ending = "1008 too slow" }));
        run.SlowConsumer.Add(new SlowConsumerResult("peerjs", 3000, 60 * 1024, 300, reading,
            reading with { PeakGrowth = 300 * mib, PeakGrowthByRole = new() { ["peerjs"] = 300 * mib } }));

        var markdown = ResultsReport.Render(run, new BenchOptions());

        Assert.Contains("3,000 messages of 60 KiB between them at 300/s (175.8 MiB addressed to the fourth)", markdown, StringComparison.Ordinal);
        Assert.Contains("| cluster-ws | 70.0 MiB / 75.0 MiB | gateway 50.0 MiB, silo 30.0 MiB | 450 ms (4.1 MiB sent at it) | 60 of 3,000 (3.0 MiB) | 1008 too slow | 0 / 0 / 0 of 6,000 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| peerjs | 70.0 MiB / 300.0 MiB | peerjs 300.0 MiB | never | 3,000 of 3,000 (180.0 MiB) | open |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_retention_table_gives_what_each_session_kept_and_n_a_where_the_server_has_no_gauge()
    {
        var run = new RunResults { Machine = "test box", Commit = "abc1234", Command = "bench retention" };
        var mib = 1024L * 1024;
        var delivery = new Delivery(10800, 10800, 0, 0, 0, 0);
        var acking = new RetentionPass(true, 40, 12 * 1024, 0.5, 5200, 20 * mib, new() { ["gateway+silo"] = 20 * mib }, delivery, new Cpu(30, 80));
        var never = acking with { Acks = false, RetainedBytes = 2 * mib, RetainedEvents = 34.1, SettledAfterMs = 0, RssGrowth = 95 * mib,
            RssGrowthByRole = new() { ["gateway+silo"] = 95 * mib } };
        run.Retention.Add(new RetentionResult("meshcall-ws", 40, 90, 60 * 1024, 500, acking, never));
        var old = acking with { RetainedBytes = null, RetainedEvents = null, SettledAfterMs = double.NaN };
        run.Retention.Add(new RetentionResult("cluster-hub", 40, 90, 60 * 1024, 500, old, old with { Acks = false }));

        var markdown = ResultsReport.Render(run, new BenchOptions());

        Assert.Contains("40 clients in rooms of 4; each member sends 90 signals of 60 KiB to each of its 3 room mates (270 received each, 632.8 MiB in all) at 500/s", markdown, StringComparison.Ordinal);
        Assert.Contains("| meshcall-ws | 12.0 KiB (0.5 events) | 2048.0 KiB (34.1 events) | 5.2 s / 0.0 s | 20.0 MiB / 95.0 MiB | gateway+silo 95.0 MiB | " +
            "0 / 0 / 0 of 10,800, 0 / 0 / 0 of 10,800 | 30% / 80% |", markdown, StringComparison.Ordinal);
        Assert.Contains("| cluster-hub | n/a | n/a | n/a / n/a |", markdown, StringComparison.Ordinal);
    }

    private static void Exact(Delivery delivery)
    {
        Assert.True(delivery.Sent > 0);
        Assert.Equal(delivery.Sent, delivery.Received);
        Assert.Equal(0, delivery.Lost);
        Assert.Equal(0, delivery.Duplicates);
        Assert.Equal(0, delivery.Reordered);
        Assert.Equal(0, delivery.Errors);
    }
}
