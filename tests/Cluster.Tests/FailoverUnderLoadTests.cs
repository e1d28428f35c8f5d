using Xunit.Abstractions;

namespace MeshCall.Cluster.Tests;

/// <summary>
/// 20 rooms of 4 clients, spread over two gateways, signal without pause while a silo or a gateway is killed
/// (kill -9) or stopped (SIGTERM). Every client keeps its peer id, and every acknowledged signal arrives
/// exactly once and in per-pair order.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FailoverUnderLoadTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private const int Rooms = 20;
    private const int PerRoom = 4;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(30);

    /// <summary>Signals every pair must exchange after the failure before the load stops: relaying is back, not just begun.</summary>
    private const int AfterFailure = 5;

    [Fact]
    public Task Killing_a_silo_loses_no_session_and_no_signal() => cluster.RunAsync(async () =>
    {
        var silo = cluster.Silos[1];
        var survivors = cluster.Silos.Where(s => s != silo).ToList();
        survivors.ForEach(s => s.Count("restored in room"));
        await using var load = await SignalingLoad.StartAsync(Rooms, PerRoom, i => Spread(i, cluster.Gateway1, cluster.Gateway2));

        var report = await FailAsync(load, silo.Kill);
        await cluster.ReplaceSiloAsync(silo);

        AssertExact(report);
        Assert.True(survivors.Sum(s => s.Counted("restored in room")) > 0, "no session lived on the killed silo, so nothing was tested");
    });

    [Fact]
    public Task Stopping_a_silo_with_sigterm_loses_no_session_and_no_signal() => cluster.RunAsync(async () =>
    {
        var silo = cluster.Silos[2];
        await using var load = await SignalingLoad.StartAsync(Rooms, PerRoom, i => Spread(i, cluster.Gateway1, cluster.Gateway2));

        var report = await FailAsync(load, silo.Terminate);
        Assert.Equal(0, await silo.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await cluster.ReplaceSiloAsync(silo);

        AssertExact(report);
    });

    [Fact]
    public Task Killing_a_gateway_moves_its_clients_to_the_other_without_losing_a_signal() => cluster.RunAsync(async () =>
    {
        var doomed = await cluster.StartGatewayAsync("gateway-killed-under-load");
        await using var load = await SignalingLoad.StartAsync(Rooms, PerRoom, i => Spread(i, doomed, cluster.Gateway1));

        var report = await FailAsync(load, doomed.Kill);

        AssertExact(report);
        Assert.True(report.Resumes >= Rooms * PerRoom / 2, $"only {report.Resumes} clients resumed on the other gateway");
    });

    [Fact]
    public Task Stopping_a_gateway_with_sigterm_moves_its_clients_at_once_without_losing_a_signal() => cluster.RunAsync(async () =>
    {
        var leaving = await cluster.StartGatewayAsync("gateway-stopped-under-load");
        await using var load = await SignalingLoad.StartAsync(Rooms, PerRoom, i => Spread(i, leaving, cluster.Gateway2));

        var report = await FailAsync(load, leaving.Terminate);
        Assert.Equal(0, await leaving.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        AssertExact(report);
        Assert.True(report.Resumes >= Rooms * PerRoom / 2, $"only {report.Resumes} clients resumed on the other gateway");
    });

    /// <summary>Members alternate between two gateways; each falls back to the other.</summary>
    private static IReadOnlyList<Uri> Spread(int member, ServiceProcess first, ServiceProcess second) =>
        member % 2 == 0 ? [first.WebSocketUri, second.WebSocketUri] : [second.WebSocketUri, first.WebSocketUri];

    /// <summary>Lets the load run, fails something, waits until every pair relays again, and stops the load.</summary>
    private async Task<LoadReport> FailAsync(SignalingLoad load, Action fail)
    {
        await load.WaitUntilEveryPairRelaysAsync(load.Now, WarmUp + Recovery);
        var failedAt = load.Now;
        fail();
        await load.WaitUntilEveryPairRelaysAsync(failedAt, Recovery, AfterFailure);
        var report = await load.StopAsync(failedAt, Drain);
        output.WriteLine(report.ToString());
        Console.WriteLine($"[{GetType().Name}] {report}");
        return report;
    }

    private static void AssertExact(LoadReport report)
    {
        Assert.True(report.PeerIdsKept, $"a client lost its session: {report}");
        Assert.True(report.Sent > 0, "nothing was sent");
        Assert.True(report is { Lost: 0, Duplicated: 0, Reordered: 0 }, report.ToString());
        Assert.Equal(report.Sent, report.Received);
    }
}
