using System.Net;
using MeshCall.Gateway.Sessions;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Security;

/// <summary>
/// Behind a reverse proxy every client arrives from the proxy's address, so per-address limits would give all of them
/// one budget. ASP.NET Core's forwarded-headers middleware takes the client's address from <c>X-Forwarded-For</c>, but
/// only from the proxies listed in <c>Gateway:KnownProxies</c> / <c>Gateway:KnownNetworks</c>: from anyone else the
/// header is ignored (ASP.NET Core's default trust of loopback is dropped too).
/// </summary>
public static class TrustedProxies
{
    public static bool Valid(GatewayOptions options) =>
        options.KnownProxies.All(p => IPAddress.TryParse(p, out _)) && options.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _));

    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var gateway = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (gateway.KnownProxies.Count == 0 && gateway.KnownNetworks.Count == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in gateway.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in gateway.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
