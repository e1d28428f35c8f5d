namespace MeshCall.Gateway.Tests.Retention;

/// <summary>
/// A gateway of its own (what its sessions keep is summed over all of them), with heartbeats often enough that a
/// session hears of its client's acks within a test step, and a small retention bound.
/// </summary>
public sealed class RetentionGateway : EmbeddedGateway
{
    public const long MaxBufferedBytes = 256 * 1024;

    protected override IEnumerable<string> Settings =>
        ["--Gateway:HeartbeatInterval=00:00:00.500", $"--Limits:MaxBufferedBytes={MaxBufferedBytes}"];
}
