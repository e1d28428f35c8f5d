namespace MeshCall.Contracts.Gateways;

/// <summary>
/// Where a session's connection lives: which gateway, which of its connections, and how often that gateway
/// promises to prove it is alive (a session not heard from for a few intervals is treated as dropped).
/// <see cref="PushTimeout"/> is how long a push to it may wait for its confirmation: shorter than the time a
/// sender's gateway waits for a signal's outcome, so a sender is never told <c>unavailable</c> for a signal
/// whose push is still under way (0 in sessions stored before it existed).
/// </summary>
[GenerateSerializer, Immutable, Alias("meshcall.GatewayConnection")]
public sealed record GatewayConnection(
    [property: Id(0)] string GatewayId,
    [property: Id(1)] string ConnectionId,
    [property: Id(2)] IGatewayObserver Observer,
    [property: Id(3)] TimeSpan HeartbeatInterval,
    [property: Id(4)] TimeSpan PushTimeout = default);
