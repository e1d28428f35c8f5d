namespace MeshCall.Gateways;

/// <summary>
/// Where a session's connection lives: which gateway, which of its connections, and how often that gateway
/// promises to prove it is alive (a session not heard from for a few intervals is treated as dropped).
/// </summary>
[GenerateSerializer, Immutable, Alias("meshcall.GatewayConnection")]
public sealed record GatewayConnection(
    [property: Id(0)] string GatewayId,
    [property: Id(1)] string ConnectionId,
    [property: Id(2)] IGatewayObserver Observer,
    [property: Id(3)] TimeSpan HeartbeatInterval);
