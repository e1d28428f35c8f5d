using MeshCall.Gateway.Protocol;
using MeshCall.Gateway.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace MeshCall.Gateway.Transports;

/// <summary>
/// The SignalR transport of PROTOCOL.md: thin methods named like the ops, each taking the request object
/// without <c>op</c>/<c>id</c> and returning the reply likewise; errors are <see cref="HubException"/>s whose
/// message starts with the code. SignalR runs one invocation per connection at a time, which keeps order.
/// </summary>
public sealed class MeshHub(SessionContext sessions, IHubContext<MeshHub> hub) : Hub
{
    private const string SessionKey = "meshcall.session";

    private static readonly RawJson EmptyResult = new("{}"u8.ToArray());

    private MeshSession Session => (MeshSession)Context.Items[SessionKey]!;

    public override Task OnConnectedAsync()
    {
        var session = sessions.Open("hub", Context.GetHttpContext()?.Connection.RemoteIpAddress);
        Context.Items[SessionKey] = session;
        _ = new HubEventPump(session, hub.Clients.Client(Context.ConnectionId), Context, sessions.WriteDeadlines).RunAsync();
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception) => Session.ConnectionLostAsync();

    public Task<RawJson> Join(RawJson request) => InvokeAsync("join", request);

    public Task<RawJson> Signal(RawJson request) => InvokeAsync("signal", request);

    public Task<RawJson> Broadcast(RawJson request) => InvokeAsync("broadcast", request);

    public Task<RawJson> Leave(RawJson request) => InvokeAsync("leave", request);

    public Task<RawJson> Ping(RawJson request) => InvokeAsync("ping", request);

    public Task<RawJson> Stats(RawJson request) => InvokeAsync("stats", request);

    public Task<RawJson> RoomSettings(RawJson request) => InvokeAsync("room-settings", request);

    public Task<RawJson> Kick(RawJson request) => InvokeAsync("kick", request);

    public Task<RawJson> Moderate(RawJson request) => InvokeAsync("moderate", request);

    public Task<RawJson> Admit(RawJson request) => InvokeAsync("admit", request);

    public Task<RawJson> Deny(RawJson request) => InvokeAsync("deny", request);

    public Task<RawJson> SetAttributes(RawJson request) => InvokeAsync("set-attributes", request);

    /// <summary>Not answered (clients send it without waiting); a bad one fails like any request.</summary>
    public Task Ack(RawJson request) => InvokeAsync("ack", request);

    private async Task<RawJson> InvokeAsync(string op, RawJson request)
    {
        var parsed = ClientRequest.Parse(request.Utf8, sessions.Limits.MaxSignalBytes, op);
        try
        {
            // After a leave the connection stays open: SignalR writes the reply once this returns, and a close now
            // could overtake it; the client stops the connection (an `ok` to leave ends the session either way).
            var reply = await Session.HandleAsync(parsed);
            Session.Answered(reply);

            // An ack has no reply to make: `Ack` returns no result (a client that waits on it gets null).
            return ReferenceEquals(reply, Reply.Unanswered)
                ? EmptyResult
                : new RawJson(ServerMessageWriter.Serialize(w => ServerMessageWriter.WriteReply(w, reply, id: null, withOp: false)));
        }
        catch (ProtocolException error)
        {
            throw new HubException($"{error.Code}: {error.Message}");
        }
    }
}
