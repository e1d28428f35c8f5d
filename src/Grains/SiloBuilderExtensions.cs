using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using MeshCall.Grains.Gateways;
using MeshCall.Grains.Peers;
using MeshCall.Grains.Rooms;
using MeshCall.Grains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MeshCall.Grains;

public static class SiloBuilderExtensions
{
    /// <summary>Registers what the room and peer grains need: their options (validated at start), a clock, the silo's pushes to gateways and its session clock.</summary>
    public static ISiloBuilder AddMeshCallGrains(this ISiloBuilder silo)
    {
        silo.Services.AddOptionsWithValidateOnStart<RoomOptions>().BindConfiguration(RoomOptions.Section).ValidateDataAnnotations();
        silo.Services.AddOptionsWithValidateOnStart<PeerOptions>().BindConfiguration(PeerOptions.Section).ValidateDataAnnotations();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<SiloMetrics>();
        silo.Services.TryAddSingleton<GatewayPushes>();
        silo.Services.TryAddSingleton<SessionClock>();
        silo.AddMeshCallWebhooks();
        return silo;
    }
}
