using System.Text.Json;
using System.Threading.Channels;
using MeshCall.Client;

namespace MeshCall.Gateway.Tests.DotNetClient;

/// <summary>
/// The client's side of PROTOCOL.md's lobby, against a scripted gateway that answers a join as the protocol says a
/// room with a lobby does: first <c>lobby</c>, later <c>joined</c> or <c>denied</c> with the same request id.
/// </summary>
public sealed class LobbyClientTests
{
    [Fact]
    public async Task A_join_held_in_the_lobby_reports_its_lobby_id_and_completes_once_admitted()
    {
        await using var gateway = await ScriptedGateway.StartAsync(answerJoins: false);
        await using var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var waiting = Channel.CreateUnbounded<string>();
        client.WaitingInLobby += lobbyId => waiting.Writer.TryWrite(lobbyId);

        var join = client.JoinAsync("scripted", "ada");
        var id = (await gateway.Received.NextAsync()).GetProperty("id").GetRawText();
        await gateway.PushAsync($$"""{"op":"lobby","id":{{id}},"lobbyId":"L1"}""");
        Assert.Equal("L1", await waiting.Reader.NextAsync());
        Assert.False(join.IsCompleted);

        await gateway.PushAsync(Joined(id));
        var joined = await join.WaitAsync(Wait.Timeout);
        Assert.Equal(("self", MemberRoles.Member, new RoomSettings(Locked: false, Lobby: true)), (joined.PeerId, joined.Role, joined.Settings));
        Assert.False(client.Events.TryRead(out var stray), $"the lobby answer is no event: {stray}");
    }

    [Fact]
    public async Task A_denied_join_throws_denied_and_leaves_the_connection_open()
    {
        await using var gateway = await ScriptedGateway.StartAsync(answerJoins: false);
        await using var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);

        var join = client.JoinAsync("scripted", "ada");
        var id = (await gateway.Received.NextAsync()).GetProperty("id").GetRawText();
        await gateway.PushAsync($$"""{"op":"lobby","id":{{id}},"lobbyId":"L1"}""");
        await gateway.PushAsync($$"""{"op":"error","id":{{id}},"code":"denied","message":"a moderator turned you away"}""");

        Assert.Equal("denied", await Wait.ErrorCodeAsync(() => join.WaitAsync(Wait.Timeout)));
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task A_session_waits_in_the_lobby_and_once_admitted_hears_knocks_as_typed_events()
    {
        await using var gateway = await ScriptedGateway.StartAsync(answerJoins: false);
        var waiting = Channel.CreateUnbounded<string>();
        var options = new MeshCallSessionOptions([gateway.WebSocket], "scripted", "ada") { WaitingInLobby = lobbyId => waiting.Writer.TryWrite(lobbyId) };

        var joining = MeshCallSession.JoinAsync(options);
        var id = (await gateway.Received.NextAsync()).GetProperty("id").GetRawText();
        await gateway.PushAsync($$"""{"op":"lobby","id":{{id}},"lobbyId":"L7"}""");
        Assert.Equal("L7", await waiting.Reader.NextAsync());
        Assert.False(joining.IsCompleted);
        await gateway.PushAsync(Joined(id, role: MemberRoles.Moderator));
        await using var session = await joining.WaitAsync(Wait.Timeout);
        Assert.Equal(MemberRoles.Moderator, session.Role);

        var knocks = Channel.CreateUnbounded<string>();
        session.Knocked += knock => knocks.Writer.TryWrite($"knock {knock.LobbyId} {knock.Name}");
        session.KnockWithdrawn += lobbyId => knocks.Writer.TryWrite($"withdrawn {lobbyId}");
        await gateway.PushAsync("""{"op":"knock","lobbyId":"L8","name":"bob","seq":1}""");
        await gateway.PushAsync("""{"op":"knock-withdrawn","lobbyId":"L8","seq":2}""");
        Assert.Equal("knock L8 bob", await knocks.Reader.NextAsync());
        Assert.Equal("withdrawn L8", await knocks.Reader.NextAsync());
    }

    private static string Joined(string id, string role = MemberRoles.Member) =>
        $$$"""{"op":"joined","id":{{{id}}},"room":"scripted","peerId":"self","resumeToken":"token","peers":[],"iceServers":[],"maxPeers":8,"role":"{{{role}}}","settings":{"locked":false,"lobby":true}}""";
}
