namespace MeshCall.Bench.Scenarios;

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record Percentiles(double P50, double P99, double P999, double Max)
{
    public static Percentiles Of(Measure.Latency latency) => new(latency.Ms(50), latency.Ms(99), latency.Ms(99.9), latency.MaxMs);
}

/// <summary>What arrived of what was sent: every signal is numbered on its pair.</summary>
public sealed record Delivery(long Sent, long Received, long Lost, long Duplicates, long Reordered, long Errors);

/// <summary>CPU over the measured interval, in percent of one core (200% is the whole box): the load tool's and the server's.</summary>
public sealed record Cpu(double Client, double Server);

/// <param name="Lag">How late the load tool handed signals over against its schedule: high means the client, not the server, was slow.</param>
public sealed record RelayStep(int Offered, double Delivered, Delivery Delivery, Percentiles Latency, Cpu Cpu, bool Passed, Percentiles? Lag = null);

public sealed record RelayResult(string Target, int Clients, int PayloadBytes, List<RelayStep> Steps)
{
    /// <summary>The highest delivered rate of a step with p99 ≤ 20 ms and nothing lost.</summary>
    public double Best => Steps.Where(s => s.Passed).Select(s => s.Delivered).DefaultIfEmpty(0).Max();
}

public sealed record JoinStormResult(string Target, int Clients, int Rooms, double Rate, int Failed, Percentiles Join, Percentiles? Fanout,
    long MissedRoster, long DuplicateRoster, Cpu Cpu);

public sealed record MeshResult(string Target, int Rooms, int Pairs, int Done, Percentiles Pair, double AllDoneMs, Delivery Delivery, Cpu Cpu);

public sealed record DensityResult(string Target, int Clients, int Failed, Dictionary<string, double> BytesPerPeer, double TotalBytesPerPeer,
    Percentiles Relay, Delivery Delivery, Cpu Cpu);

/// <summary>One run: every scenario's results per target, and how it was run.</summary>
public sealed class RunResults
{
    public DateTimeOffset Started { get; set; } = DateTimeOffset.UtcNow;

    public string Machine { get; set; } = "";

    public string Commit { get; set; } = "";

    public string Command { get; set; } = "";

    public List<RelayResult> Relay { get; set; } = [];

    public List<JoinStormResult> JoinStorm { get; set; } = [];

    public List<MeshResult> Mesh { get; set; } = [];

    public List<DensityResult> Density { get; set; } = [];
}
