namespace MeshCall.Gateway.Tests.Security;

/// <summary>
/// A gateway behind a "proxy" at 127.0.0.2 (a client that connects from that address stands for the ingress), with
/// one fresh join and one failed resume per client address and minute.
/// </summary>
public sealed class ProxiedGateway : EmbeddedGateway
{
    public const string Proxy = "127.0.0.2";

    protected override IEnumerable<string> Settings =>
    [
        $"--Gateway:KnownProxies:0={Proxy}", "--Limits:JoinsPerMinutePerIp=1", "--Limits:FailedResumesPerMinutePerIp=1",
    ];
}
