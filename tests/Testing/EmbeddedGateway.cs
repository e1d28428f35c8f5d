using System.Net;
using System.Net.Sockets;
using MeshCall.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MeshCall.Testing;

/// <summary>The real gateway in embedded mode (its own in-process silo) on Kestrel, 127.0.0.1, free ports.</summary>
public class EmbeddedGateway : IAsyncLifetime
{
    private WebApplication _app = null!;

    public Uri Http { get; private set; } = null!;

    public Uri WebSocket => new($"ws://{Http.Authority}/ws");

    public Uri Hub => new(Http, "/hubs/mesh");

    /// <summary>The embedded silo's ports: <c>Silo:SiloPort</c> and <c>Silo:GatewayPort</c>.</summary>
    public (int Silo, int Gateway) SiloPorts { get; } = (FreePort(), FreePort());

    /// <summary>The gateway's services (its embedded silo's included).</summary>
    public IServiceProvider Services => _app.Services;

    public virtual async Task InitializeAsync()
    {
        var id = Guid.NewGuid().ToString("N");
        _app = GatewayApp.Build([
            "--urls", "http://127.0.0.1:0",
            "--Cluster:ClusterId", id,
            "--Cluster:ServiceId", id,
            "--Silo:SiloPort", SiloPorts.Silo.ToString(),
            "--Silo:GatewayPort", SiloPorts.Gateway.ToString(),
            "--Logging:LogLevel:Default", "Warning",
            .. Settings,
        ], Configure);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new Uri(address);
    }

    /// <summary>Changes a derived fixture makes to the host (e.g. another logger).</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    /// <summary>Configuration a derived fixture adds, as <c>--Key=value</c> arguments.</summary>
    protected virtual IEnumerable<string> Settings => [];

    public virtual async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
