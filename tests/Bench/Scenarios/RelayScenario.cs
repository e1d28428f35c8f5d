using MeshCall.Bench.Measure;
using MeshCall.Bench.Targets;

namespace MeshCall.Bench.Scenarios;

/// <summary>
/// <c>relay</c>: clients in rooms of 4 send addressed 1 KB signals to random room mates, at rates that step up
/// (open loop) until a step misses p99 ≤ 20 ms or loses a signal. The step at 5,000 msg/s gives the fixed-rate latency.
/// </summary>
public static class RelayScenario
{
    public const double LatencyBudgetMs = 20;

    public static async Task<RelayResult> RunAsync(Target target, BenchOptions options, CancellationToken cancellationToken)
    {
        var ledgers = new Ledgers();
        await using var server = await target.StartAsync();
        await using var population = await Population.JoinAsync(target, server, [.. Enumerable.Repeat(4, options.RelayClients / 4)],
            options.JoinRate, options.Sources, ledgers, "relay", cancellationToken);
        population.ThrowIfFailed(server);

        var pump = new SignalPump(population.Members, options.Seed, options.PayloadBytes, crossGateways: server.Endpoints.Count > 1);
        // A warm-up the results leave out: JIT, connection pools, grain activations.
        await pump.RunAsync(0, Math.Min(1000, options.Rates[0]), TimeSpan.FromSeconds(options.WarmupSeconds), ledgers.Step(0), cancellationToken);
        await ledgers.Step(0).DrainAsync(TimeSpan.FromSeconds(3), cancellationToken);

        var steps = new List<RelayStep>();
        for (var i = 0; i < options.Rates.Count; i++)
        {
            var rate = options.Rates[i];
            var tally = ledgers.Step(i + 1);
            var client = CpuWindow.OfThisProcess();
            var serverCpu = new CpuWindow(server.Pids);
            var errorsBefore = ledgers.Errors;
            var duration = TimeSpan.FromSeconds(options.StepSeconds);
            await pump.RunAsync(i + 1, rate, duration, tally, cancellationToken);
            var cpu = new Cpu(client.Percent(), serverCpu.Percent());
            await tally.DrainAsync(TimeSpan.FromSeconds(3), cancellationToken);

            var delivery = tally.ToDelivery() with { Errors = ledgers.Errors - errorsBefore };
            var latency = Percentiles.Of(tally.Latency);
            var passed = delivery.Lost == 0 && latency.P99 <= LatencyBudgetMs;
            steps.Add(new RelayStep(rate, delivery.Received / duration.TotalSeconds, delivery, latency, cpu, passed, Percentiles.Of(pump.Lag)));
            Console.WriteLine($"  {target.Name} relay {rate}/s: p50 {latency.P50:F2} p99 {latency.P99:F2} ms (tool lag p99 {pump.Lag.Ms(99):F2}), lost {delivery.Lost}, cpu client {cpu.Client:F0}% server {cpu.Server:F0}%");
            if (!passed && rate >= options.FixedRate)
            {
                break;
            }
        }

        return new RelayResult(target.Name, population.Members.Count, options.PayloadBytes, steps);
    }
}
