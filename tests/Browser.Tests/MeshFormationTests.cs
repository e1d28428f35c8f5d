using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class MeshFormationTests(BrowserCallFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Four_pages_form_a_full_mesh_and_decode_video_from_every_peer()
    {
        await using var call = await CallRoom.OpenAsync(fixture, 3, output);
        await using var fourth = await CallPage.JoinAsync(fixture, call.Room, "peer4", output);
        CallPage[] everyone = [.. call.Pages, fourth];
        await call.WaitForFullMeshAsync(everyone);

        // The first three pairs were connected before; the newcomer's connections start at its `joined`.
        var formedMs = await fourth.EvaluateAsync<int>("() => Math.max(...meshcall.connectionStats().map(s => s.connectMs))");
        output.WriteLine($"4th join → all 6 pairs connected: {formedMs} ms");

        foreach (var page in everyone)
        {
            var baseline = await page.FramesDecodedAsync();
            Assert.Equal(3, baseline.Count);
            await page.WaitForFramesBeyondAsync(baseline);

            // What the person sees: the call instead of the join form, and a tile per remote peer saying connected.
            Assert.False(await page.Page.IsVisibleAsync("#join-form"));
            Assert.Equal(3, await page.Page.Locator(".tile[data-state=connected]:not(.self)").CountAsync());
        }
    }

    [Fact]
    public async Task Each_video_sender_gets_an_equal_share_of_the_uplink_budget()
    {
        await using var call = await CallRoom.OpenAsync(fixture, 4, output);

        // 2500 kbps over three remote peers; re-split when one leaves.
        await Task.WhenAll(call.Pages.Select(p => WaitForVideoCapsAsync(p, 3, 833_333)));
        await call.Pages[3].Page.ClickAsync("#leave");
        await Task.WhenAll(call.Pages.Take(3).Select(p => WaitForVideoCapsAsync(p, 2, 1_250_000)));
    }

    [Fact]
    public async Task A_page_in_another_room_connects_to_nobody_and_is_never_seen()
    {
        await using var call = await CallRoom.OpenAsync(fixture, 4, output);
        await using var outsider = await CallPage.JoinAsync(fixture, $"other-{Guid.NewGuid():N}", "outsider", output);
        await outsider.EvaluateAsync<object>("() => meshcall.broadcast({ type: 'chat', text: 'anyone there?' })");

        // A message inside the room, sent after the outsider's, marks the point by which any leak would show.
        await call.Pages[0].EvaluateAsync<object>("() => meshcall.broadcast({ type: 'chat', text: 'marker' })");
        await Task.WhenAll(call.Pages.Skip(1).Select(p => p.WaitForChatLineAsync("peer1: marker")));

        Assert.Empty(await outsider.ConnectionStatesAsync());
        Assert.Equal(0, await outsider.EvaluateAsync<int>("() => meshcall.peers.size"));
        foreach (var page in call.Pages)
        {
            Assert.DoesNotContain(outsider.PeerId, (await page.ConnectionStatesAsync()).Keys);
            Assert.DoesNotContain(await page.ChatLogAsync(), line => line.Contains("outsider") || line.Contains("anyone there"));
        }
    }

    private static Task WaitForVideoCapsAsync(CallPage page, int senders, int maxBitrate) =>
        page.WaitAsync(
            """
            ([senders, maxBitrate]) => {
              const caps = [...meshcall.connections.values()].flatMap(pc => pc.getSenders())
                .filter(s => s.track?.kind === 'video')
                .map(s => s.getParameters().encodings?.[0]?.maxBitrate);
              return caps.length === senders && caps.every(c => c === maxBitrate);
            }
            """,
            new[] { senders, maxBitrate });
}
