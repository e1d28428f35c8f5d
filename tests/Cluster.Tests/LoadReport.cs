namespace MeshCall.Cluster.Tests;

/// <summary>What a <see cref="SignalingLoad"/> saw, for assertions and for the test output.</summary>
internal sealed record LoadReport(
    int Clients, long Sent, long Received, long Duplicated, long Reordered, long Lost, int Resumes, bool PeerIdsKept,
    TimeSpan? FirstRelayAfterFailure, TimeSpan? EveryPairRelayingAfterFailure)
{
    /// <summary>A few pairs that lost signals, and which, when any did.</summary>
    public IReadOnlyList<string> LostExamples { get; init; } = [];

    public override string ToString() =>
        $"{Clients} clients: sent {Sent}, received {Received}, duplicated {Duplicated}, reordered {Reordered}, lost {Lost}, " +
        $"resumes {Resumes}, peer ids kept {PeerIdsKept}; failure → first relayed signal sent after it: {Ms(FirstRelayAfterFailure)}, " +
        $"→ every pair relaying again: {Ms(EveryPairRelayingAfterFailure)}" +
        (LostExamples.Count > 0 ? $"; lost: {string.Join("; ", LostExamples)}" : string.Empty);

    private static string Ms(TimeSpan? t) => t is { } v ? $"{v.TotalMilliseconds:F0} ms" : "n/a";
}
