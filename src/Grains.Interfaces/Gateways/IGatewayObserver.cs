using Orleans.Concurrency;
using MeshCall.Peers;

namespace MeshCall.Gateways;

/// <summary>
/// One per gateway process: grains push a session's events to the gateway holding its connection.
/// One-way, so a slow or dead gateway never holds a grain up; order is restored from <see cref="Delivery.Seq"/>.
/// </summary>
[Alias("meshcall.IGatewayObserver")]
public interface IGatewayObserver : IGrainObserver
{
    [OneWay, Alias("Deliver")]
    Task DeliverAsync(string connectionId, Delivery delivery);
}
