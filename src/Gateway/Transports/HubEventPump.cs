using MeshCall.Gateway.Protocol;
using MeshCall.Gateway.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace MeshCall.Gateway.Transports;

/// <summary>Writes one hub connection's events, in order, as client method calls (<c>PeerJoined</c>, <c>Signal</c>, …).</summary>
internal sealed class HubEventPump(MeshSession session, IClientProxy client, HubCallerContext context)
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
                    await client.SendAsync(ServerMessageWriter.HubMethod(evt), new RawJson(payload));
                }
                else if (item.Close)
                {
                    if (item.Reason is { } reason)
                    {
                        var closed = ServerMessageWriter.Serialize(w => ServerMessageWriter.WriteClosed(w, reason, withOp: false));
                        await client.SendAsync("Closed", new RawJson(closed));
                    }

                    context.Abort();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended; the hub's OnDisconnectedAsync hands the session back.
        }
    }
}
