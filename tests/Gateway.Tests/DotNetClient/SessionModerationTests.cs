using System.Threading.Channels;
using MeshCall.Client;

namespace MeshCall.Gateway.Tests.DotNetClient;

/// <summary>
/// A <see cref="MeshCallSession"/>'s roles and moderation against the real gateway (no auth: the room's first member
/// moderates): each request by the moderator and by a member, and what the others see of it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SessionModerationTests(EmbeddedGateway gateway)
{
    [Fact]
    public async Task A_moderator_locks_the_room_every_session_sees_the_settings_and_a_fresh_join_is_refused_room_locked()
    {
        var room = NewRoom();
        await using var a = await JoinAsync(room, "a");
        await using var b = await JoinAsync(room, "b");
        Assert.Equal((MemberRoles.Moderator, MemberRoles.Member), (a.Role, b.Role));
        Assert.Equal(MemberRoles.Moderator, b.Peers[a.PeerId!].Role);
        var seenByB = Record<RoomUpdate>(handler => b.RoomUpdated += handler);

        await a.SetRoomSettingsAsync(locked: true);

        var update = await seenByB.Reader.NextAsync();
        Assert.Equal((new RoomSettings(Locked: true, Lobby: false), a.PeerId), (update.Settings, update.By));
        Assert.Equal(update.Settings, b.Settings);
        var refused = await Assert.ThrowsAsync<MeshCallException>(() => JoinAsync(room, "late"));
        Assert.Equal("room-locked", refused.Code);
    }

    [Fact]
    public async Task A_member_is_forbidden_each_moderators_request_and_the_others_hear_nothing_of_it()
    {
        var room = NewRoom();
        await using var a = await JoinAsync(room, "a");
        await using var b = await JoinAsync(room, "b");
        var heardByA = Record<string>(handler => a.RoomUpdated += _ => handler("room-updated"));
        a.ModerationRequested += _ => heardByA.Writer.TryWrite("moderation");
        a.BroadcastReceived += message => heardByA.Writer.TryWrite(message.Data.GetString()!);

        Assert.Equal("forbidden", await Wait.ErrorCodeAsync(() => b.SetRoomSettingsAsync(locked: true)));
        Assert.Equal("forbidden", await Wait.ErrorCodeAsync(() => b.KickAsync(a.PeerId!)));
        Assert.Equal("forbidden", await Wait.ErrorCodeAsync(() => b.ModerateAsync(a.PeerId!, "mute")));

        // b's session carries on, and a's next event is b's broadcast: none of the refused requests reached it.
        await b.BroadcastAsync("\"still here\"");
        Assert.Equal("still here", await heardByA.Reader.NextAsync());
        Assert.Equal(RoomSettings.Open, a.Settings);
        Assert.Equal(MemberRoles.Member, b.Role);
    }

    [Fact]
    public async Task A_moderation_request_is_raised_on_its_target_only()
    {
        var room = NewRoom();
        await using var a = await JoinAsync(room, "a");
        await using var b = await JoinAsync(room, "b");
        await using var c = await JoinAsync(room, "c");
        var seenByB = Record<ModerationRequest>(handler => b.ModerationRequested += handler);
        var heardByC = Record<string>(handler => c.ModerationRequested += request => handler(request.Action));
        c.BroadcastReceived += message => heardByC.Writer.TryWrite(message.Data.GetString()!);

        await a.ModerateAsync(b.PeerId!, "mute");
        await a.ModerateAsync(b.PeerId!, "camera-off");

        Assert.Equal(new ModerationRequest("mute", a.PeerId!), await seenByB.Reader.NextAsync());
        Assert.Equal(new ModerationRequest("camera-off", a.PeerId!), await seenByB.Reader.NextAsync());
        await a.BroadcastAsync("\"after\"");
        Assert.Equal("after", await heardByC.Reader.NextAsync());
    }

    [Fact]
    public async Task A_kicked_session_ends_as_kicked_and_the_others_see_it_leave_as_kicked()
    {
        var room = NewRoom();
        await using var a = await JoinAsync(room, "a");
        await using var b = await JoinAsync(room, "b");
        await using var c = await JoinAsync(room, "c");
        var leftSeenByC = Record<(string, string)>(handler => c.PeerLeft += (peerId, reason) => handler((peerId, reason)));

        await a.KickAsync(b.PeerId!);

        var ended = await Assert.ThrowsAsync<MeshCallException>(() => DrainAsync(b.Events));
        Assert.Equal(("closed", "closed: kicked"), (ended.Code, ended.Message));
        Assert.Equal((b.PeerId!, "kicked"), await leftSeenByC.Reader.NextAsync());
        Assert.False(c.Peers.ContainsKey(b.PeerId!));
        Assert.Equal("unknown-peer", await Wait.ErrorCodeAsync(() => a.KickAsync(b.PeerId!)));
    }

    [Fact]
    public async Task When_the_moderator_leaves_the_oldest_member_is_told_it_moderates_and_its_kick_is_obeyed()
    {
        var room = NewRoom();
        var a = await JoinAsync(room, "a");
        await using var b = await JoinAsync(room, "b");
        await using var c = await JoinAsync(room, "c");
        var changesSeenByB = Record<(string, string)>(handler => b.RoleChanged += (peerId, role) => handler((peerId, role)));
        var changesSeenByC = Record<(string, string)>(handler => c.RoleChanged += (peerId, role) => handler((peerId, role)));

        await a.LeaveAsync();
        await a.DisposeAsync();

        Assert.Equal((b.PeerId!, MemberRoles.Moderator), await changesSeenByB.Reader.NextAsync());
        Assert.Equal((b.PeerId!, MemberRoles.Moderator), await changesSeenByC.Reader.NextAsync());
        Assert.Equal(MemberRoles.Moderator, b.Role);
        Assert.Equal(MemberRoles.Moderator, c.Peers[b.PeerId!].Role);
        Assert.Equal(MemberRoles.Member, c.Role);
        await b.KickAsync(c.PeerId!);
        await Assert.ThrowsAsync<MeshCallException>(() => DrainAsync(c.Events));
    }

    internal static Channel<T> Record<T>(Action<Action<T>> subscribe)
    {
        var seen = Channel.CreateUnbounded<T>();
        subscribe(item => seen.Writer.TryWrite(item));
        return seen;
    }

    /// <summary>Reads a session's events to their end, which throws why the session ended.</summary>
    internal static async Task DrainAsync(ChannelReader<MeshEvent> events)
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        await foreach (var _ in events.ReadAllAsync(timeout.Token))
        {
        }
    }

    private Task<MeshCallSession> JoinAsync(string room, string name) =>
        MeshCallSession.JoinAsync(new MeshCallSessionOptions([gateway.WebSocket], room, name));

    private static string NewRoom() => "session-moderation-" + Guid.NewGuid().ToString("N");
}
