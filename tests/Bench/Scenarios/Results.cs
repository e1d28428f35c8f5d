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

/// <summary>
/// One pass of slow-consumer on a fresh server: with the fourth member reading (the baseline), or not.
/// </summary>
/// <param name="PeakGrowth">Resident memory at its highest during the broadcasts, less before them: the servers' total.</param>
/// <param name="PeakGrowthByRole">The same by role, each at its own highest.</param>
/// <param name="EndGrowth">Growth by role once the others had everything, just before the fourth member reads again.</param>
/// <param name="DroppedAfterMs">From the first broadcast to the others being told its connection was gone; NaN if never.</param>
/// <param name="SentBeforeDrop">Broadcasts sent at it by then.</param>
/// <param name="FourthGot">Broadcasts the fourth member got (a stalled one: once it read again).</param>
/// <param name="Ending">How the server ended its connection (e.g. <c>1008 too slow</c>), or <c>open</c>.</param>
/// <param name="Delivery">What the three others got of each other's broadcasts while it did not read.</param>
public sealed record SlowConsumerPass(long PeakGrowth, Dictionary<string, long> PeakGrowthByRole, Dictionary<string, long> EndGrowth, double DroppedAfterMs,
    long SentBeforeDrop, long FourthGot, long FourthBytes, string Ending, Delivery Delivery, Percentiles Latency, Cpu Cpu);

public sealed record SlowConsumerResult(string Target, int Broadcasts, int PayloadBytes, double Rate, SlowConsumerPass Reading, SlowConsumerPass Stalled)
{
    /// <summary>Bytes of broadcast data addressed to the fourth member.</summary>
    public long BytesAtFourth => (long)Broadcasts * PayloadBytes;
}

/// <summary>One pass of retention on a fresh server: its clients acknowledging what they read, or never.</summary>
/// <param name="RetainedBytes">What the sessions keep for a resume once the gauge stopped falling, over the sessions; null when the server exports no gauge.</param>
/// <param name="SettledAfterMs">From the first reading of the gauge to its last fall.</param>
/// <param name="RssGrowth">The servers' resident memory then, less before the pass's clients joined: the total, and by role.</param>
/// <param name="Delivery">What the clients got of each other's signals.</param>
public sealed record RetentionPass(bool Acks, int Sessions, double? RetainedBytes, double? RetainedEvents, double SettledAfterMs, long RssGrowth,
    Dictionary<string, long> RssGrowthByRole, Delivery Delivery, Cpu Cpu);

public sealed record RetentionResult(string Target, int Clients, int SignalsPerMate, int PayloadBytes, double Rate, RetentionPass Acking, RetentionPass NeverAcking);

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

    public List<SlowConsumerResult> SlowConsumer { get; set; } = [];

    public List<RetentionResult> Retention { get; set; } = [];
}
