using MeshCall.Cluster.Tests;

namespace MeshCall.Bench.Targets;

/// <summary>
/// A running server (one process, or a cluster of them) that a scenario drives: where its clients connect (one
/// endpoint per gateway) and which processes it is made of, by role, so CPU and memory are read from outside.
/// </summary>
public sealed class ServerUnderTest(IReadOnlyList<Uri> endpoints, IReadOnlyList<(string Role, ServiceProcess Process)> processes, IAsyncDisposable? extra = null)
    : IAsyncDisposable
{
    public IReadOnlyList<Uri> Endpoints { get; } = endpoints;

    /// <summary>How often MeshCall's gateways heartbeat each session's grain (<c>Gateway:HeartbeatInterval</c>); null for other servers.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>The <c>/metrics</c> of the processes that host sessions: MeshCall's silos (the embedded gateway's included).</summary>
    public IEnumerable<Uri> SiloMetrics => Processes.Where(p => p.Role.Contains("silo", StringComparison.Ordinal)).Select(p => new Uri(p.Process.HttpUri, "metrics"));

    public IReadOnlyList<(string Role, ServiceProcess Process)> Processes { get; } = processes;

    public IEnumerable<int> Pids => Processes.Select(p => p.Process.ProcessId);

    /// <summary>Resident memory per role (e.g. gateway, silo), summed over the processes in it.</summary>
    public Dictionary<string, long> RssByRole() => Processes
        .GroupBy(p => p.Role)
        .ToDictionary(g => g.Key, g => g.Sum(p => Measure.ProcessUsage.RssBytes(p.Process.ProcessId)));

    public string Describe() => string.Join(Environment.NewLine, Processes.Select(p => p.Process.Describe()));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Processes.Select(p => p.Process.DisposeAsync().AsTask()));
        if (extra is not null)
        {
            await extra.DisposeAsync();
        }
    }
}
