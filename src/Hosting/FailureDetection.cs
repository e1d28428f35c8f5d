using Orleans.Configuration;

namespace MeshCall.Hosting;

/// <summary>
/// How fast a lost silo is declared dead, so its rooms and sessions come back elsewhere within seconds.
/// Orleans' defaults (5 s probes, 3 missed) take ~15 s, and calls wait 30 s before failing; a call here is a
/// relay that takes milliseconds, so a few seconds of silence is already an outage.
/// </summary>
public static class FailureDetection
{
    /// <summary>Where any <see cref="ClusterMembershipOptions"/> value can be overridden, e.g. <c>Cluster:Membership:ProbeTimeout</c>.</summary>
    public const string MembershipSection = "Cluster:Membership";

    /// <summary>A grain call (or a gateway's call into the cluster) that has no answer by then fails as <c>unavailable</c>.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Probes every 2 s, suspected after 2 missed, dead on 2 votes: a killed silo is declared dead in ~4-6 s.
    /// Not shorter: a 2-core box under load stalls for over a second at times, and a healthy silo wrongly
    /// declared dead must stop itself.
    /// </summary>
    public static void Apply(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 2;
        options.NumVotesForDeathDeclaration = 2;
    }
}
