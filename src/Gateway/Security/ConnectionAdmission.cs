using System.Net;
using System.Threading.RateLimiting;
using MeshCall.Gateway.Sessions;
using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Security;

/// <summary>
/// Stands in front of <c>/ws</c> and the hub: refuses a browser page from an origin not allowed (cross-site
/// WebSocket hijacking) with 403, and an address over its connection limit with 429. A lease is held for as
/// long as the request (the socket) lives.
/// </summary>
public sealed class ConnectionAdmission(IOptions<GatewayOptions> gateway, IOptions<LimitsOptions> limits) : IMiddleware, IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _perAddress = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
        limits.Value.MaxConnectionsPerIp > 0
            ? RateLimitPartition.GetConcurrencyLimiter(address, _ => new ConcurrencyLimiterOptions { PermitLimit = limits.Value.MaxConnectionsPerIp, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(address));

    public static bool Guards(PathString path) => path.StartsWithSegments("/ws") || path.StartsWithSegments("/hubs/mesh");

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!Guards(context.Request.Path))
        {
            await next(context);
            return;
        }

        if (!OriginAllowed(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        using var lease = _perAddress.AttemptAcquire(ClientAddress.Key(context.Connection.RemoteIpAddress ?? IPAddress.None));
        if (!lease.IsAcquired)
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return;
        }

        await next(context);
    }

    public void Dispose() => _perAddress.Dispose();

    /// <summary>
    /// No <c>Origin</c> (not a browser) passes; <c>*</c> allows any; an empty list allows only the gateway's own
    /// origin (the demo page); otherwise the origin must be listed exactly.
    /// </summary>
    private bool OriginAllowed(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        var allowed = gateway.Value.AllowedOrigins;
        if (allowed.Contains("*"))
        {
            return true;
        }

        if (allowed.Count == 0)
        {
            return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
        }

        return allowed.Any(a => string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }
}
