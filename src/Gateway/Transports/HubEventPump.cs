using MeshCall.Gateway.Protocol;
using MeshCall.Gateway.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace MeshCall.Gateway.Transports;

/// <summary>
/// Writes one hub connection's events, in order, as client method calls (<c>PeerJoined</c>, <c>Signal</c>, …).
/// SignalR's own buffers push back on a client that does not read; each send waits at most
/// <c>Gateway:WriteTimeout</c> for that, then the connection is aborted.
/// </summary>
internal sealed class HubEventPump(MeshSession session, IClientProxy client, HubCallerContext context, SharedDeadlines writeDeadlines)
{

    public async Task RunAsync()
    {
        try
        {
            await foreach (var item in session.Outbound.ReadAllAsync(context.ConnectionAborted))
            {
                if (item.Event is { } evt)
                {
                    var payload = ServerMessageWriter.Serialize(w => ServerMessageWriter.WriteEvent(w, session.PeerId!.Value, evt, withOp: false));
                    await SendAsync(ServerMessageWriter.HubMethod(evt), payload);
                }
                else if (item is { Frame: { } frame, Method: { } method })
                {
                    await SendAsync(method, frame);
                }
                else if (item.Close)
                {
                    // A slow consumer is past telling: its close must not wait behind what it does not read.
                    if (item.Reason is { } reason)
                    {
                        await SendAsync("Closed", ServerMessageWriter.Serialize(w => ServerMessageWriter.WriteClosed(w, reason, withOp: false)));
                    }

                    context.Abort();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended, or a send outlived its deadline; the hub's OnDisconnectedAsync hands the session back.
            context.Abort();
        }
    }

    private Task SendAsync(string method, byte[] payload) => client.SendAsync(method, new RawJson(payload), writeDeadlines.Token());
}
