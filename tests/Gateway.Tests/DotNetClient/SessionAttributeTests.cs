using System.Text.Json;
using MeshCall.Client;
using static MeshCall.Gateway.Tests.DotNetClient.SessionModerationTests;

namespace MeshCall.Gateway.Tests.DotNetClient;

/// <summary>
/// A <see cref="MeshCallSession"/>'s attributes and its view of the others' against the real gateway: relayed, listed
/// for a late joiner, and the same after a resume as before it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SessionAttributeTests(EmbeddedGateway gateway)
{
    private const string Hand = """{"hand":true,"note":"\u00e9"}""";

    [Fact]
    public async Task Attributes_reach_the_others_and_a_late_joiner_sees_everyones()
    {
        var room = NewRoom();
        await using var a = await JoinAsync(gateway.WebSocket, room, "a");
        await using var b = await JoinAsync(gateway.WebSocket, room, "b");
        var seenByA = Record<PeerUpdate>(handler => a.PeerUpdated += handler);
        Assert.Equal("{}", b.Peers[a.PeerId!].Attributes.GetRawText());

        await b.SetAttributesAsync(Hand);

        var update = await seenByA.Reader.NextAsync();
        Assert.Equal((b.PeerId!, Hand), (update.PeerId, update.Attributes.GetRawText()));
        Assert.Equal(Hand, a.Peers[b.PeerId!].Attributes.GetRawText());
        Assert.Equal(Hand, b.Attributes.GetRawText());
        await using var late = await JoinAsync(gateway.WebSocket, room, "late");
        Assert.Equal(Hand, late.Peers[b.PeerId!].Attributes.GetRawText());
        Assert.Equal("{}", late.Peers[a.PeerId!].Attributes.GetRawText());
    }

    [Fact]
    public async Task Attributes_refused_by_the_server_or_not_json_change_nothing_and_the_session_carries_on()
    {
        var room = NewRoom();
        await using var a = await JoinAsync(gateway.WebSocket, room, "a");
        await using var b = await JoinAsync(gateway.WebSocket, room, "b");
        var heardByA = Record<string>(handler => a.PeerUpdated += update => handler(update.Attributes.GetRawText()));
        a.BroadcastReceived += message => heardByA.Writer.TryWrite(message.Data.GetRawText());
        await b.SetAttributesAsync(Hand);
        Assert.Equal(Hand, await heardByA.Reader.NextAsync());

        Assert.Equal("invalid-message", await Wait.ErrorCodeAsync(() => b.SetAttributesAsync("[1,2]")));
        Assert.Equal("too-large", await Wait.ErrorCodeAsync(() => b.SetAttributesAsync($$"""{"n":"{{new string('x', 1024)}}"}""")));
        await Assert.ThrowsAnyAsync<JsonException>(() => b.SetAttributesAsync("{\"hand\":"));

        Assert.Equal(Hand, b.Attributes.GetRawText());
        await b.BroadcastAsync("\"after\"");
        Assert.Equal("\"after\"", await heardByA.Reader.NextAsync());
        Assert.Equal(Hand, a.Peers[b.PeerId!].Attributes.GetRawText());
    }

    [Fact]
    public async Task A_session_that_resumes_keeps_its_attributes_and_role_and_sees_what_changed_while_it_was_away()
    {
        var room = NewRoom();
        await using var relay = new SeveringRelay(gateway.WebSocket);
        await using var a = await JoinAsync(gateway.WebSocket, room, "a");
        await using var b = await JoinAsync(relay.WebSocket, room, "b");
        var seenByA = Record<PeerUpdate>(handler => a.PeerUpdated += handler);
        await b.SetAttributesAsync(Hand);
        await seenByA.Reader.NextAsync();

        // b's network drops and stays down while a changes its attributes and the room's settings.
        relay.Refusing = true;
        relay.SeverAll();
        await NextOpAsync(a, "peer-state");
        await a.SetAttributesAsync("""{"muted":true}""");
        await a.SetRoomSettingsAsync(lobby: true);
        relay.Refusing = false;
        await EventuallyAsync(() => b.Resumes == 1);

        Assert.Equal("""{"muted":true}""", b.Peers[a.PeerId!].Attributes.GetRawText());
        Assert.Equal(new RoomSettings(Locked: false, Lobby: true), b.Settings);
        Assert.Equal((MemberRoles.Member, MemberRoles.Moderator), (b.Role, b.Peers[a.PeerId!].Role));
        Assert.Equal(Hand, b.Attributes.GetRawText());
        Assert.Equal(Hand, a.Peers[b.PeerId!].Attributes.GetRawText());
        await using var late = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await a.SetRoomSettingsAsync(lobby: false);
        var joined = await late.JoinAsync(room, "late");
        Assert.Equal(Hand, joined.Peers.Single(peer => peer.PeerId == b.PeerId).Attributes.GetRawText());
    }

    private static async Task NextOpAsync(MeshCallSession session, string op)
    {
        while ((await session.Events.NextAsync()).Op != op)
        {
        }
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private static Task<MeshCallSession> JoinAsync(Uri url, string room, string name) =>
        MeshCallSession.JoinAsync(new MeshCallSessionOptions([url], room, name));

    private static string NewRoom() => "session-attributes-" + Guid.NewGuid().ToString("N");
}
