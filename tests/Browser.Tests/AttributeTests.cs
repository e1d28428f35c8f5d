using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

/// <summary>Peer attributes on the demo page (PROTOCOL.md "Peer attributes"): what each tile shows about its person.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AttributeTests(BrowserCallFixture fixture, ITestOutputHelper output)
{
    private static readonly LocatorWaitForOptions Shown = new() { State = WaitForSelectorState.Visible, Timeout = (float)CallPage.Timeout.TotalMilliseconds };
    private static readonly LocatorWaitForOptions Gone = new() { State = WaitForSelectorState.Hidden, Timeout = (float)CallPage.Timeout.TotalMilliseconds };

    [Fact]
    public async Task A_raised_hand_shows_on_the_tile_of_a_page_that_joins_later_and_goes_when_lowered()
    {
        var room = $"room-{Guid.NewGuid():N}";
        await using var raiser = await CallPage.JoinAsync(fixture, room, "raiser", output);
        await using var watcher = await CallPage.JoinAsync(fixture, room, "watcher", output);
        await raiser.WaitAsync("id => meshcall.peers.has(id)", watcher.PeerId);

        await raiser.Page.ClickAsync("#hand");
        // Once a member has seen it, the server holds it: what a later page is told comes from there.
        await watcher.TileOf(raiser).Locator(".badge.hand").WaitForAsync(Shown);

        await using var late = await CallPage.JoinAsync(fixture, room, "late", output);
        await late.TileOf(raiser).Locator(".badge.hand").WaitForAsync(Shown);
        Assert.True(await late.EvaluateAsync<bool>("id => meshcall.peers.get(id).attributes.handRaised === true", raiser.PeerId));
        Assert.False(await late.TileOf(watcher).Locator(".badge.hand").IsVisibleAsync());

        await raiser.Page.ClickAsync("#hand");

        await late.TileOf(raiser).Locator(".badge.hand").WaitForAsync(Gone);
        await watcher.TileOf(raiser).Locator(".badge.hand").WaitForAsync(Gone);
    }

    [Fact]
    public async Task The_pages_own_mute_and_camera_buttons_show_on_the_others_tiles()
    {
        var room = $"room-{Guid.NewGuid():N}";
        await using var speaker = await CallPage.JoinAsync(fixture, room, "speaker", output);
        await using var watcher = await CallPage.JoinAsync(fixture, room, "watcher", output);
        await speaker.WaitAsync("id => meshcall.peers.has(id)", watcher.PeerId);

        await speaker.Page.ClickAsync("#mute");
        await speaker.Page.ClickAsync("#camera");

        await watcher.TileOf(speaker).Locator(".badge.muted").WaitForAsync(Shown);
        await watcher.TileOf(speaker).Locator(".badge.camera-off").WaitForAsync(Shown);
        Assert.True(await speaker.Page.Locator(".tile.self .badge.muted").IsVisibleAsync());

        await speaker.Page.ClickAsync("#mute");

        await watcher.TileOf(speaker).Locator(".badge.muted").WaitForAsync(Gone);
        Assert.True(await watcher.TileOf(speaker).Locator(".badge.camera-off").IsVisibleAsync());
    }
}
