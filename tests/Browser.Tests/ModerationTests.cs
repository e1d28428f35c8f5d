using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

/// <summary>
/// Roles and moderation on the demo page (PROTOCOL.md "Roles and moderation"): with no auth the room's first page
/// is its moderator, sees the moderation controls and acts through them; meshcall.js honours the requests.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ModerationTests(BrowserCallFixture fixture, ITestOutputHelper output)
{
    private const string MicrophoneLive = "() => meshcall.stream.getAudioTracks().length > 0 && meshcall.stream.getAudioTracks().every(t => t.enabled)";

    [Fact]
    public async Task A_moderators_mute_turns_the_other_pages_microphone_off_and_the_moderator_then_sees_it_muted()
    {
        var room = $"room-{Guid.NewGuid():N}";
        await using var host = await CallPage.JoinAsync(fixture, room, "host", output);
        await using var guest = await CallPage.JoinAsync(fixture, room, "guest", output);
        await host.WaitAsync("id => meshcall.peers.has(id)", guest.PeerId);
        Assert.Equal("moderator", await host.EvaluateAsync<string>("() => meshcall.role"));
        Assert.Equal("member", await guest.EvaluateAsync<string>("() => meshcall.role"));
        Assert.True(await guest.EvaluateAsync<bool>(MicrophoneLive));
        Assert.False(await host.TileOf(guest).Locator(".badge.muted").IsVisibleAsync());
        // Only the moderator's page offers the controls.
        Assert.True(await host.Page.IsVisibleAsync("#moderation"));
        Assert.False(await guest.Page.IsVisibleAsync("#moderation"));
        Assert.False(await guest.TileOf(host).Locator(".mute-peer").IsVisibleAsync());

        await host.TileOf(guest).Locator(".mute-peer").ClickAsync();

        await guest.WaitAsync("() => meshcall.stream.getAudioTracks().every(t => !t.enabled)");
        await guest.WaitForChatLineAsync("host muted you.");
        Assert.Equal("true", await guest.Page.GetAttributeAsync("#mute", "aria-pressed"));
        await host.WaitAsync("id => meshcall.peers.get(id).attributes.muted === true", guest.PeerId);
        await host.TileOf(guest).Locator(".badge.muted").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = Ms });
    }

    [Fact]
    public async Task A_moderators_camera_off_releases_the_other_pages_camera_and_shows_on_its_tile()
    {
        var room = $"room-{Guid.NewGuid():N}";
        await using var host = await CallPage.JoinAsync(fixture, room, "host", output);
        await using var guest = await CallPage.JoinAsync(fixture, room, "guest", output);
        await host.WaitAsync("id => meshcall.peers.has(id)", guest.PeerId);
        Assert.True(await guest.EvaluateAsync<bool>("() => meshcall.stream.getVideoTracks().some(t => t.readyState === 'live')"));

        await host.Page.EvaluateAsync("id => meshcall.moderate(id, 'camera-off')", guest.PeerId);

        await guest.WaitAsync("() => meshcall.stream.getVideoTracks().every(t => t.readyState === 'ended')");
        await guest.WaitForChatLineAsync("host turned your camera off.");
        Assert.Equal("true", await guest.Page.GetAttributeAsync("#camera", "aria-pressed"));
        Assert.True(await guest.EvaluateAsync<bool>(MicrophoneLive)); // camera-off leaves the microphone alone
        await host.TileOf(guest).Locator(".badge.camera-off").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = Ms });
        Assert.False(await host.TileOf(guest).Locator(".badge.muted").IsVisibleAsync());
    }

    [Fact]
    public async Task A_member_that_tries_to_moderate_is_refused_forbidden_and_the_moderators_microphone_stays_on()
    {
        var room = $"room-{Guid.NewGuid():N}";
        await using var host = await CallPage.JoinAsync(fixture, room, "host", output);
        await using var guest = await CallPage.JoinAsync(fixture, room, "guest", output);
        await guest.WaitAsync("id => meshcall.peers.has(id)", host.PeerId);

        var refusals = await guest.EvaluateAsync<string[]>(
            """
            id => Promise.all([
              meshcall.moderate(id, 'mute').then(() => 'done', e => e.code),
              meshcall.kick(id).then(() => 'done', e => e.code),
              meshcall.setRoomSettings({ locked: true }).then(() => 'done', e => e.code),
            ])
            """,
            host.PeerId);

        Assert.Equal(["forbidden", "forbidden", "forbidden"], refusals);
        Assert.True(await host.EvaluateAsync<bool>(MicrophoneLive));
        Assert.Equal("joined", await host.EvaluateAsync<string>("() => meshcall.state"));
        Assert.False(await host.EvaluateAsync<bool>("() => meshcall.settings.locked"));
        await using var third = await CallPage.JoinAsync(fixture, room, "third", output); // the room is not locked
    }

    [Fact]
    public async Task The_remove_button_kicks_the_peer_out_and_the_lock_switch_keeps_newcomers_out()
    {
        var room = $"room-{Guid.NewGuid():N}";
        await using var host = await CallPage.JoinAsync(fixture, room, "host", output);
        await using var guest = await CallPage.JoinAsync(fixture, room, "guest", output);
        await host.WaitAsync("id => meshcall.peers.has(id)", guest.PeerId);

        await host.TileOf(guest).Locator(".remove-peer").ClickAsync();

        await guest.WaitForChatLineAsync("The server closed this call (kicked).");
        await host.WaitForChatLineAsync("guest left (kicked).");
        Assert.True(await guest.Page.IsVisibleAsync("#join-form"));

        await host.Page.CheckAsync("#lock");
        await host.WaitAsync("() => meshcall.settings.locked === true");
        await using var late = await CallPage.OpenAsync(fixture, room, "late", output);
        await late.WaitForChatLineStartingAsync("Could not join: room-locked");
        Assert.Empty(await host.ConnectionStatesAsync());
    }

    [Fact]
    public async Task When_the_moderator_leaves_the_oldest_member_gets_the_moderation_controls()
    {
        var room = $"room-{Guid.NewGuid():N}";
        await using var host = await CallPage.JoinAsync(fixture, room, "host", output);
        await using var guest = await CallPage.JoinAsync(fixture, room, "guest", output);
        await guest.WaitAsync("id => meshcall.peers.has(id)", host.PeerId);
        Assert.False(await guest.Page.IsVisibleAsync("#moderation"));

        await host.Page.ClickAsync("#leave");

        await guest.WaitAsync("() => meshcall.role === 'moderator'");
        await guest.WaitForChatLineAsync("You are now a moderator of this room.");
        Assert.True(await guest.Page.IsVisibleAsync("#moderation"));
    }

    private static float Ms => (float)CallPage.Timeout.TotalMilliseconds;
}
