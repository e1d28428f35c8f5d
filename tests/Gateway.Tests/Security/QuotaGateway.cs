namespace MeshCall.Gateway.Tests.Security;

/// <summary>A gateway that holds sessions of at most three rooms.</summary>
public sealed class QuotaGateway : EmbeddedGateway
{
    public const int MaxRooms = 3;

    protected override IEnumerable<string> Settings => [$"--Gateway:MaxRooms={MaxRooms}"];
}
