using MeshCall.Gateway.Sessions;

namespace MeshCall.Gateway.Transports;

public static class WebSocketEndpoint
{
    /// <summary>The WebSocket JSON transport of PROTOCOL.md.</summary>
    public static IEndpointConventionBuilder MapMeshWebSocket(this IEndpointRouteBuilder endpoints, string pattern) =>
        endpoints.Map(pattern, async (HttpContext context, GatewayNode node) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                return Results.BadRequest("WebSocket upgrade expected");
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var session = node.Open("ws", context.Connection.RemoteIpAddress);
            await new WebSocketConnection(socket, session, node.Limits, node.Options.WriteTimeout, context.Abort).RunAsync(context.RequestAborted);
            return Results.Empty;
        });
}
