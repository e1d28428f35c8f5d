using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

/// <summary>
/// The lobby on the demo page (PROTOCOL.md "Additions for application integration", Lobby): the moderator turns
/// the lobby switch on, a newcomer's page waits and says so, the moderator's page lists the knock by name, and
/// its admit or deny button decides.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LobbyTests(BrowserCallFixture fixture, ITestOutputHelper output)
{
    private const string Waiting = "Waiting in the lobby until a moderator lets you in…";

    private static readonly LocatorWaitForOptions Shown = new() { State = WaitForSelectorState.Visible, Timeout = Ms };
    private static readonly LocatorWaitForOptions Gone = new() { State = WaitForSelectorState.Detached, Timeout = Ms };

    [Fact]
    public async Task A_lobby_knock_admitted_from_the_moderators_page_lets_the_newcomer_in_and_the_pages_connect()
    {
        var room = $"room-{Guid.NewGuid():N}";
        await using var host = await CallPage.JoinAsync(fixture, room, "host", output);
        await TurnTheLobbyOnAsync(host);

        await using var newcomer = await CallPage.OpenAsync(fixture, room, "newcomer", output);
        var knock = await WaitForKnockAsync(host, newcomer, "newcomer");
        // Waiting is not being in: nobody sees or connects to the newcomer yet.
        Assert.Equal("joining", await newcomer.EvaluateAsync<string>("() => meshcall.state"));
        Assert.Equal(0, await host.Page.Locator(".tile:not(.self)").CountAsync());
        Assert.Empty(await host.ConnectionStatesAsync());

        await knock.Locator(".admit").ClickAsync();

        await newcomer.WaitForJoinAsync(); // its join() resolved with `joined`
        await knock.WaitForAsync(Gone);
        Assert.Equal($"In {room} as newcomer", await newcomer.Page.TextContentAsync("#status"));
        await host.WaitForChatLineAsync("newcomer joined.");
        await Task.WhenAll(host.WaitForConnectionsAsync(newcomer), newcomer.WaitForConnectionsAsync(host));
        var baseline = await newcomer.FramesDecodedAsync();
        await newcomer.WaitForFramesBeyondAsync(baseline); // the host's camera reaches the admitted page
        await newcomer.TileOf(host).Locator(".name").WaitForAsync(Shown);
    }

    [Fact]
    public async Task A_lobby_knock_denied_from_the_moderators_page_shows_the_newcomer_it_was_turned_away()
    {
        var room = $"room-{Guid.NewGuid():N}";
        await using var host = await CallPage.JoinAsync(fixture, room, "host", output);
        await TurnTheLobbyOnAsync(host);
        // A name is someone else's text: the knock list shows it as text, never as markup.
        const string name = "<b>Mallory</b>";

        await using var newcomer = await CallPage.OpenAsync(fixture, room, name, output);
        var knock = await WaitForKnockAsync(host, newcomer, name);
        Assert.Equal(0, await host.Page.Locator("#knocks b").CountAsync());

        await knock.Locator(".deny").ClickAsync();

        await newcomer.WaitAsync("() => meshcall.state === 'closed'");
        await knock.WaitForAsync(Gone);
        Assert.Equal("Could not join: denied: a moderator denied you entry", await newcomer.Page.TextContentAsync("#status"));
        Assert.True(await newcomer.Page.IsVisibleAsync("#status"));
        Assert.True(await newcomer.Page.IsVisibleAsync("#join-form"));
        Assert.Empty(await newcomer.ConnectionStatesAsync());
        Assert.Empty(await host.ConnectionStatesAsync());
        Assert.Equal(0, await host.Page.Locator(".tile:not(.self)").CountAsync());
        Assert.Equal("joined", await host.EvaluateAsync<string>("() => meshcall.state"));
    }

    private static async Task TurnTheLobbyOnAsync(CallPage host)
    {
        Assert.True(await host.Page.IsVisibleAsync("#moderation"));
        await host.Page.CheckAsync("#lobby");
        await host.WaitAsync("() => meshcall.settings.lobby === true");
        await host.WaitForChatLineAsync("You unlocked the room; lobby on.");
    }

    /// <summary>Waits until the newcomer's page shows it waits and the host's page lists its knock; returns the knock.</summary>
    private static async Task<ILocator> WaitForKnockAsync(CallPage host, CallPage newcomer, string name)
    {
        await newcomer.WaitForChatLineAsync(Waiting);
        Assert.True(await newcomer.Page.Locator("#chat-log li", new() { HasText = Waiting }).IsVisibleAsync());
        var knock = host.Page.Locator("#knocks .knock");
        await knock.WaitForAsync(Shown);
        Assert.Equal(1, await knock.CountAsync());
        Assert.Equal(name, await knock.Locator(".name").TextContentAsync());
        await host.WaitForChatLineAsync($"{name} is waiting in the lobby.");
        return knock;
    }

    private static float Ms => (float)CallPage.Timeout.TotalMilliseconds;
}
