namespace MeshCall.Gateway.Tests.Security;

/// <summary>A gateway with tiny per-address and per-gateway limits, so one test can reach each of them.</summary>
public sealed class LimitedGateway : EmbeddedGateway
{
    public const int MaxConnectionsPerIp = 6;
    public const int JoinsPerMinutePerIp = 5;
    public const int FailedResumesPerMinutePerIp = 2;
    public const int MaxRooms = 2;

    protected override IEnumerable<string> Settings =>
    [
        $"--Limits:MaxConnectionsPerIp={MaxConnectionsPerIp}", $"--Limits:JoinsPerMinutePerIp={JoinsPerMinutePerIp}",
        $"--Limits:FailedResumesPerMinutePerIp={FailedResumesPerMinutePerIp}", $"--Gateway:MaxRooms={MaxRooms}",
    ];
}
