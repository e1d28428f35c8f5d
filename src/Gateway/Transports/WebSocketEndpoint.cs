using MeshCall.Gateway.Sessions;

namespace MeshCall.Gateway.Transports;

public static class WebSocketEndpoint
{
    /// <summary>The WebSocket JSON transport of PROTOCOL.md.</summary>
    public static IEndpointConventionBuilder MapMeshWebSocket(this IEndpointRouteBuilder endpoints, string pattern) =>
        endpoints.Map(pattern, async (HttpContext context, SessionContext sessions) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                return Results.BadRequest("WebSocket upgrade expected");
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var session = sessions.Open("ws", context.Connection.RemoteIpAddress);
            await new WebSocketConnection(socket, session, sessions.Limits, sessions.WriteDeadlines, context.Abort).RunAsync(context.RequestAborted);
            return Results.Empty;
        });
}
