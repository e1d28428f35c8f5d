using MeshCall.Bench.Measure;
using MeshCall.Bench.Targets;

namespace MeshCall.Bench.Scenarios;

/// <summary>
/// <c>density</c>: many idle clients joined in rooms of 4, spread over several 127.0.0.x source addresses, then light
/// background signalling. Memory per peer is the growth of the server processes' resident memory from a warmed-up
/// server to one holding every client, divided by the clients; relay latency is measured under that load.
/// </summary>
public static class DensityScenario
{
    public static async Task<DensityResult> RunAsync(Target target, BenchOptions options, CancellationToken cancellationToken)
    {
        var ledgers = new Ledgers();
        await using var server = await target.StartAsync();
        var crossGateways = server.Endpoints.Count > 1;

        // Warm the server up first, so the memory it grows by is the clients', not its JIT and pools.
        await Warmup.RunAsync(target, server, options, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds), cancellationToken);
        var before = server.RssByRole();
        await using var population = await Population.JoinAsync(target, server, [.. Enumerable.Repeat(4, options.DensityClients / 4)],
            options.DensityJoinRate, options.Sources, ledgers, "idle", cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds), cancellationToken);
        var after = server.RssByRole();
        var joined = Math.Max(1, population.Members.Count);
        var perPeer = after.ToDictionary(r => r.Key, r => (double)(r.Value - before.GetValueOrDefault(r.Key)) / joined);

        var tally = ledgers.Step(1);
        var errorsBefore = ledgers.Errors;
        var client = CpuWindow.OfThisProcess();
        var serverCpu = new CpuWindow(server.Pids);
        var background = new SignalPump(population.Members, options.Seed, options.PayloadBytes, crossGateways);
        await background.RunAsync(1, options.DensityRate, TimeSpan.FromSeconds(options.DensitySeconds), tally, cancellationToken);
        var cpu = new Cpu(client.Percent(), serverCpu.Percent());
        await tally.DrainAsync(TimeSpan.FromSeconds(3), cancellationToken);

        var relay = Percentiles.Of(tally.Latency);
        var total = perPeer.Values.Sum();
        Console.WriteLine($"  {target.Name} density: {population.Members.Count} joined ({population.Failed} failed), {total / 1024:F1} KiB/peer, relay p99 {relay.P99:F1} ms");
        return new DensityResult(target.Name, population.Members.Count, population.Failed, perPeer, total, relay, tally.ToDelivery() with { Errors = ledgers.Errors - errorsBefore }, cpu);
    }
}
