namespace MeshCall.Bench;

/// <summary>Sizes, rates and seeds of a run, all settable as <c>--Name value</c>; the defaults are the published run's.</summary>
public sealed class BenchOptions
{
    /// <summary>Comma-separated target names, or <c>all</c>.</summary>
    public string Targets { get; set; } = "all";

    /// <summary>Where the report (benchmarks.md), its chart and the raw results (benchmarks.json) go.</summary>
    public string Out { get; set; } = "bench-results";

    public int Seed { get; set; } = 7;

    /// <summary>How many 127.0.0.x source addresses clients are spread over.</summary>
    public int Sources { get; set; } = 8;

    public double JoinRate { get; set; } = 500;

    public int PayloadBytes { get; set; } = 1024;

    /// <summary>Load before the measured steps (a cluster JIT-compiles and activates for a while after it starts).</summary>
    public double WarmupSeconds { get; set; } = 10;

    /// <summary>Clients joined (and relaying) before join-storm, mesh and density measure, then let go.</summary>
    public int WarmupClients { get; set; } = 200;

    public double SettleSeconds { get; set; } = 3;

    public int RelayClients { get; set; } = 400;

    public string RelayRates { get; set; } = "1000,2500,5000,7500,10000,12500,15000,17500,20000,22500,25000,30000,35000,40000";

    public IReadOnlyList<int> Rates => [.. RelayRates.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];

    public double StepSeconds { get; set; } = 5;

    /// <summary>The fixed rate whose latency is reported on its own; the ramp always runs up to it.</summary>
    public int FixedRate { get; set; } = 5000;

    public int StormClients { get; set; } = 4000;

    public double StormRate { get; set; } = 1000;

    public int MeshRooms { get; set; } = 50;

    public double MeshTimeoutSeconds { get; set; } = 30;

    public int DensityClients { get; set; } = 10000;

    public double DensityJoinRate { get; set; } = 1000;

    public double DensityRate { get; set; } = 200;

    public double DensitySeconds { get; set; } = 10;

    /// <summary>slow-consumer: broadcasts the three reading members send, in turn, while the fourth does not read.</summary>
    public int SlowBroadcasts { get; set; } = 3000;

    /// <summary>slow-consumer: broadcasts per second, all three senders together (each stays under MeshCall's request budget).</summary>
    public double SlowRate { get; set; } = 300;

    public int SlowPayloadBytes { get; set; } = 60 * 1024;

    /// <summary>retention: clients per pass, in rooms of 4.</summary>
    public int RetentionClients { get; set; } = 40;

    /// <summary>retention: signals each member sends to each of its 3 room mates.</summary>
    public int RetentionSignals { get; set; } = 90;

    public int RetentionPayloadBytes { get; set; } = 60 * 1024;

    /// <summary>retention: signals per second, all clients together (40 clients at 500/s: 12.5/s each, far under the request budget of 200/s).</summary>
    public double RetentionRate { get; set; } = 500;

    /// <summary>A few seconds per scenario and target: the test suite's smoke run, which keeps the tool working.</summary>
    public static BenchOptions Smoke() => new()
    {
        Sources = 2,
        JoinRate = 200,
        WarmupSeconds = 0.2,
        WarmupClients = 8,
        SettleSeconds = 0.2,
        RelayClients = 8,
        RelayRates = "100,200",
        FixedRate = 200,
        StepSeconds = 0.5,
        StormClients = 24,
        StormRate = 100,
        MeshRooms = 2,
        MeshTimeoutSeconds = 20,
        DensityClients = 24,
        DensityJoinRate = 100,
        DensityRate = 50,
        DensitySeconds = 0.5,
        SlowBroadcasts = 240,
        SlowRate = 120,
        RetentionClients = 8,
        RetentionSignals = 10,
        RetentionRate = 200,
    };
}
