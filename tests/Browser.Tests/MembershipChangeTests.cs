using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class MembershipChangeTests(BrowserCallFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_page_that_leaves_is_dropped_and_the_others_keep_their_other_connections()
    {
        await using var call = await CallRoom.OpenAsync(fixture, 4, output);
        var (stayers, leaver) = (call.Pages[..3], call.Pages[3]);
        foreach (var page in stayers)
        {
            await page.RememberConnectionsAsync();
        }

        await leaver.Page.ClickAsync("#leave");

        await call.WaitForFullMeshAsync(stayers);
        foreach (var page in stayers)
        {
            foreach (var other in stayers.Where(p => p != page))
            {
                Assert.True(await page.KeptConnectionToAsync(other), $"{page.Name} rebuilt its connection to {other.Name}");
            }

            await page.WaitForChatLineAsync("peer4 left (left).");
        }

        Assert.Equal("left", await leaver.EvaluateAsync<string>("() => meshcall.state"));
        Assert.Empty(await leaver.ConnectionStatesAsync());
        Assert.False(await leaver.Page.IsVisibleAsync("#call"));
        Assert.True(await leaver.Page.IsVisibleAsync("#join-form"));
    }

    [Fact]
    public async Task A_reloaded_page_comes_back_as_a_new_peer_and_everyone_connects_to_it()
    {
        await using var call = await CallRoom.OpenAsync(fixture, 4, output);
        var reloaded = call.Pages[2];
        var oldPeerId = reloaded.PeerId;

        await reloaded.Page.ReloadAsync();
        await reloaded.WaitForJoinAsync();

        Assert.NotEqual(oldPeerId, reloaded.PeerId);
        await call.WaitForFullMeshAsync();
        foreach (var page in call.Pages.Where(p => p != reloaded))
        {
            Assert.DoesNotContain(oldPeerId, (await page.ConnectionStatesAsync()).Keys);
        }
    }
}
