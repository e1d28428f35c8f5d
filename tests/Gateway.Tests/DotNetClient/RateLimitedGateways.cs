namespace MeshCall.Gateway.Tests.DotNetClient;

/// <summary>
/// Two gateways, each its own cluster: <see cref="Joins"/> takes one fresh join per address and minute;
/// <see cref="Requests"/> lets a connection make ten requests a second with no burst above that.
/// </summary>
public sealed class RateLimitedGateways : IAsyncLifetime
{
    public const int RequestsPerSecond = 10;

    public EmbeddedGateway Joins { get; } = new JoinLimited();

    public EmbeddedGateway Requests { get; } = new RequestLimited();

    public Task InitializeAsync() => Task.WhenAll(Joins.InitializeAsync(), Requests.InitializeAsync());

    public Task DisposeAsync() => Task.WhenAll(Joins.DisposeAsync(), Requests.DisposeAsync());

    private sealed class JoinLimited : EmbeddedGateway
    {
        protected override IEnumerable<string> Settings => ["--Limits:JoinsPerMinutePerIp=1"];
    }

    private sealed class RequestLimited : EmbeddedGateway
    {
        // Strikes high enough that refusals never close the socket: these tests are about answers, not abuse.
        protected override IEnumerable<string> Settings =>
            [$"--Limits:RequestsPerSecond={RequestsPerSecond}", "--Limits:RequestBurst=1", "--Limits:RateLimitStrikes=100000"];
    }
}
