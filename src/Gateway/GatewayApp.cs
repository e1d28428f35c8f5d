using MeshCall.Gateway.Hosting;

namespace MeshCall.Gateway;

/// <summary>A gateway process: clients' WebSockets and the SignalR hub, in front of the Orleans cluster.</summary>
public static class GatewayApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddMeshCallGateway();
        var app = builder.Build();
        app.MapMeshCall();
        return app;
    }
}
