using MeshCall.Bench.Targets;

namespace MeshCall.Bench.Scenarios;

/// <summary>
/// Joins a few clients and relays between them before a scenario measures anything, then lets them go, so the
/// numbers are a running server's and not its first seconds (JIT compilation, pools, first activations): a
/// .NET server answers its first joins tens of times slower, which a user sees once per deploy, not per call.
/// </summary>
public static class Warmup
{
    public const int FirstIndex = 1_000_000;

    public static async Task RunAsync(Target target, ServerUnderTest server, BenchOptions options, CancellationToken cancellationToken)
    {
        var ledgers = new Ledgers();
        await using var warmup = await Population.JoinAsync(target, server, [.. Enumerable.Repeat(4, options.WarmupClients / 4)], options.JoinRate,
            options.Sources, ledgers, "warmup", cancellationToken, firstIndex: FirstIndex);
        warmup.ThrowIfFailed(server);
        var pump = new SignalPump(warmup.Members, options.Seed, options.PayloadBytes, crossGateways: server.Endpoints.Count > 1);
        await pump.RunAsync(0, Math.Min(1000, options.WarmupClients * 10), TimeSpan.FromSeconds(options.WarmupSeconds), ledgers.Step(0), cancellationToken);
        await ledgers.Step(0).DrainAsync(TimeSpan.FromSeconds(3), cancellationToken);
    }
}
