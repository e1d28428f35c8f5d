namespace MeshCall.Gateway.Tests.Security;

/// <summary>
/// A gateway with the security settings on: JWT room grants (HS256), TURN credentials, an origin allow-list,
/// a small per-connection request budget, a short deadline for the first join, and an admin API key.
/// </summary>
public sealed class SecuredGateway : EmbeddedGateway
{
    public const string SigningKey = "test-signing-key-with-at-least-32-bytes!";
    public const string TurnSecret = "coturn-static-auth-secret";
    public const string AdminApiKey = "secured-admin-api-key";
    public const string AllowedOrigin = "https://app.example";
    public const int RequestBurst = 20;
    public const int RateLimitStrikes = 30;
    public static readonly TimeSpan JoinDeadline = TimeSpan.FromSeconds(2);

    protected override IEnumerable<string> Settings =>
    [
        "--Auth:Mode=Jwt", $"--Auth:SigningKey={SigningKey}", "--Auth:ClockSkew=00:00:30",
        "--Ice:Servers:0:Urls:0=stun:stun.example.org:3478",
        "--Ice:Servers:1:Urls:0=turn:turn.example.org:3478?transport=udp", "--Ice:Servers:1:Urls:1=turns:turn.example.org:5349",
        $"--Ice:TurnSecret={TurnSecret}", "--Ice:TurnTtl=01:00:00",
        $"--Gateway:AllowedOrigins:0={AllowedOrigin}", $"--Gateway:JoinDeadline={JoinDeadline}",
        $"--Admin:ApiKey={AdminApiKey}",
        "--Limits:RequestsPerSecond=10", $"--Limits:RequestBurst={RequestBurst}", $"--Limits:RateLimitStrikes={RateLimitStrikes}",
    ];
}

[CollectionDefinition(Name)]
public sealed class SecuredGatewayCollection : ICollectionFixture<SecuredGateway>
{
    public const string Name = "secured gateway";
}
