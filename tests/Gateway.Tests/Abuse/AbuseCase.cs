namespace MeshCall.Gateway.Tests.Abuse;

/// <summary>One hostile or broken input, and what the server must answer; run on each transport it applies to.</summary>
public sealed record AbuseCase(string Name, Func<AbuseGateway, string, Task> Run, params string[] Transports)
{
    public static readonly string[] Both = ["ws", "hub"];
}
