using MeshCall.Gateway.Hosting;

namespace MeshCall.Gateway;

/// <summary>A gateway process: clients' WebSockets and the SignalR hub, in front of the Orleans cluster.</summary>
public static class GatewayApp
{
    /// <param name="configure">For hosts that embed a gateway (tests): changes to the builder before it is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddMeshCallGateway();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapMeshCall();
        return app;
    }
}
