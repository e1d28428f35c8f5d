using MeshCall.Contracts.Peers;

namespace MeshCall.Contracts.Gateways;

/// <summary>One event of a batch pushed to a gateway, and the connection of that gateway it is for.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.ConnectionEvent")]
public readonly record struct ConnectionEvent([property: Id(0)] string ConnectionId, [property: Id(1)] NumberedEvent Event);
