using MeshCall.Gateway.Admin;
using MeshCall.Gateway.Security;
using MeshCall.Gateway.Sessions;
using MeshCall.Gateway.Transports;
using MeshCall.Grains;
using MeshCall.Hosting;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Hosting;

public static class GatewayHostingExtensions
{
    /// <summary>The OpenTelemetry <c>service.name</c> of every gateway, embedded or not.</summary>
    public const string ServiceName = "meshcall-gateway";

    public static WebApplicationBuilder AddMeshCallGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations()
            .Validate<IOptions<LimitsOptions>>(
                (gateway, limits) => gateway.MaxQueuedBytes >= 16L * limits.Value.MaxSignalBytes,
                "Gateway:MaxQueuedBytes must hold at least 16 signals of Limits:MaxSignalBytes")
            .Validate(TrustedProxies.Valid, "Gateway:KnownProxies must be IP addresses and Gateway:KnownNetworks CIDR networks");
        services.AddOptionsWithValidateOnStart<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations();
        services.AddOptions<IceOptions>().BindConfiguration(IceOptions.Section);
        services.AddOptionsWithValidateOnStart<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations();
        services.AddSingleton<RoomGrants>();
        services.AddSingleton<RequestLimits>();
        services.AddSingleton<ConnectionAdmission>();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        services.AddSingleton<AdminAccess>();
        services.AddSingleton<GatewayMetrics>();
        services.AddMeshCallBrowserClient();

        // An embedded gateway is its cluster's silo too: one scrape shows both.
        services.AddServiceEndpoints(ServiceName, typeof(GatewayHostingExtensions).Assembly, GatewayMetrics.MeterName, SiloMetrics.MeterName);
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<RoomQuota>();
        services.AddSingleton<GatewayObserver>();
        services.AddSingleton<SessionContext>();
        services.AddHostedService<SessionHeartbeat>();
        services.AddHostedService<GatewayShutdown>();
        builder.AddMeshCallCluster();

        var maxFrameBytes = builder.Configuration.GetValue<int?>($"{LimitsOptions.Section}:{nameof(LimitsOptions.MaxFrameBytes)}") ?? new LimitsOptions().MaxFrameBytes;
        services.AddSignalR(hub =>
            {
                hub.EnableDetailedErrors = false;
                hub.MaximumReceiveMessageSize = maxFrameBytes;
                hub.MaximumParallelInvocationsPerClient = 1;
            })
            .AddJsonProtocol()
            .AddMessagePackProtocol(msgpack => msgpack.SerializerOptions = MessagePackSerializerOptions.Standard
                .WithResolver(CompositeResolver.Create([RawJsonMessagePackFormatter.Instance], [ContractlessStandardResolver.Instance]))
                .WithSecurity(MessagePackSecurity.UntrustedData));

        // Replace the registered protocols by the same ones wrapped, so hub errors start with their code.
        services.RemoveAll<IHubProtocol>();
        services.AddSingleton<IHubProtocol>(sp => new CodedErrorHubProtocol(new JsonHubProtocol(sp.GetRequiredService<IOptions<JsonHubProtocolOptions>>())));
        services.AddSingleton<IHubProtocol>(sp => new CodedErrorHubProtocol(new MessagePackHubProtocol(sp.GetRequiredService<IOptions<MessagePackHubProtocolOptions>>())));
        return builder;
    }

    public static WebApplication MapMeshCall(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseMeshCallBrowserClient();
        app.UseMiddleware<ConnectionAdmission>();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.MapMeshWebSocket("/ws");
        app.MapHub<MeshHub>("/hubs/mesh");
        app.MapMeshCallAdmin();
        app.MapEmbeddedSiloDashboard();
        app.MapServiceEndpoints(typeof(GatewayHostingExtensions).Assembly);
        return app;
    }
}
