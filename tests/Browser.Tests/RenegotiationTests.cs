using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class RenegotiationTests(BrowserCallFixture fixture, ITestOutputHelper output)
{
    private const string ShareFakeScreen =
        "async () => { await meshcall.startScreenShare(await navigator.mediaDevices.getUserMedia({ video: true })); }";

    // Video m-lines this page receives on its connection to the given peer.
    private const string ReceivedVideos =
        """
        id => meshcall.connections.get(id).getTransceivers()
          .filter(t => t.receiver.track.kind === 'video' && (t.currentDirection === 'sendrecv' || t.currentDirection === 'recvonly'))
          .length
        """;

    [Fact]
    public async Task Both_sides_sharing_a_screen_at_the_same_moment_settle_the_glare_and_reconnect()
    {
        var room = $"glare-{Guid.NewGuid():N}";
        var (gateA, gateB) = (new WebSocketGate(), new WebSocketGate());
        await using var a = await CallPage.JoinAsync(fixture, room, "a", output, gateA);
        await using var b = await CallPage.JoinAsync(fixture, room, "b", output, gateB);
        await Task.WhenAll(a.WaitForConnectionsAsync(b), b.WaitForConnectionsAsync(a));

        // Each page's offer leaves before the other's arrives: both are in have-local-offer when they collide.
        var offers = Task.WhenAll(gateA.HoldUntilOfferSent(), gateB.HoldUntilOfferSent());
        await Task.WhenAll(a.EvaluateAsync<object>(ShareFakeScreen), b.EvaluateAsync<object>(ShareFakeScreen));
        await offers.WaitAsync(CallPage.Timeout);
        gateA.Release();
        gateB.Release();

        await Task.WhenAll(a.WaitForConnectionsAsync(b), b.WaitForConnectionsAsync(a));
        await a.WaitAsync($"id => ({ReceivedVideos})(id) === 2", b.PeerId);
        await b.WaitAsync($"id => ({ReceivedVideos})(id) === 2", a.PeerId);
        Assert.True(await a.EvaluateAsync<int>("() => meshcall.connectionStats()[0].glare") >= 1);
        Assert.True(await b.EvaluateAsync<int>("() => meshcall.connectionStats()[0].glare") >= 1);
    }

    [Fact]
    public async Task After_an_answer_it_could_not_apply_the_impolite_side_still_settles_the_next_glare_by_the_rules()
    {
        var room = $"stale-{Guid.NewGuid():N}";
        var (gateA, gateB) = (new WebSocketGate(), new WebSocketGate());
        await using var a = await CallPage.JoinAsync(fixture, room, "a", output, gateA);
        await using var b = await CallPage.JoinAsync(fixture, room, "b", output, gateB);
        await Task.WhenAll(a.WaitForConnectionsAsync(b), b.WaitForConnectionsAsync(a));
        var answer = await gateB.NextReceivedAsync(m => WebSocketGate.SignalType(m) == "answer", CallPage.Timeout);
        var aIsPolite = await a.EvaluateAsync<bool>("id => meshcall.peers.get(id).polite", b.PeerId);
        var (impolite, impoliteGate, polite) = aIsPolite ? (b, gateB, a) : (a, gateA, b);

        // An answer arriving when no offer is out (a stale copy) cannot be applied.
        await impolite.Page.RunAndWaitForConsoleMessageAsync(
            () =>
            {
                impoliteGate.Deliver(new { op = "signal", from = polite.PeerId, type = "answer", data = answer.GetProperty("data") });
                return Task.CompletedTask;
            },
            new() { Predicate = m => m.Text.Contains("answer failed", StringComparison.Ordinal) });

        // Then both offer at once, as in the glare test above; settled by the rules, no description is thrown away.
        var thrownAway = new ConcurrentQueue<string>();
        foreach (var page in new[] { a, b })
        {
            page.Page.Console += (_, m) =>
            {
                if (m.Text.Contains(": offer failed", StringComparison.Ordinal) || m.Text.Contains(": answer failed", StringComparison.Ordinal))
                {
                    thrownAway.Enqueue($"{page.Name}: {m.Text}");
                }
            };
        }

        var offers = Task.WhenAll(gateA.HoldUntilOfferSent(), gateB.HoldUntilOfferSent());
        await Task.WhenAll(a.EvaluateAsync<object>(ShareFakeScreen), b.EvaluateAsync<object>(ShareFakeScreen));
        await offers.WaitAsync(CallPage.Timeout);
        gateA.Release();
        gateB.Release();

        await Task.WhenAll(a.WaitForConnectionsAsync(b), b.WaitForConnectionsAsync(a));
        await a.WaitAsync($"id => ({ReceivedVideos})(id) === 2", b.PeerId);
        await b.WaitAsync($"id => ({ReceivedVideos})(id) === 2", a.PeerId);
        Assert.True(await impolite.EvaluateAsync<int>("() => meshcall.connectionStats()[0].glare") >= 1, "the impolite side missed the collision");
        Assert.Empty(thrownAway);
    }

    [Fact]
    public async Task Adding_removing_and_replacing_tracks_renegotiate_without_losing_the_connection()
    {
        await using var call = await CallRoom.OpenAsync(fixture, 2, output);
        var (a, b) = (call.Pages[0], call.Pages[1]);
        await b.RememberConnectionsAsync();

        await a.EvaluateAsync<object>(ShareFakeScreen);
        await b.WaitAsync($"id => ({ReceivedVideos})(id) === 2", a.PeerId);
        await b.WaitAsync("() => document.querySelectorAll('.tile.screen').length === 1");

        await a.EvaluateAsync<object>("() => meshcall.stopScreenShare()");
        await b.WaitAsync($"id => ({ReceivedVideos})(id) === 1", a.PeerId);
        await b.WaitAsync("() => document.querySelectorAll('.tile.screen').length === 0");

        // Camera off releases the camera; on again brings a new track whose frames reach the other side.
        await a.Page.ClickAsync("#camera");
        await a.WaitAsync("() => meshcall.stream.getVideoTracks().every(t => t.readyState === 'ended')");
        await a.Page.ClickAsync("#camera");
        await a.WaitAsync("() => meshcall.stream.getVideoTracks().some(t => t.readyState === 'live')");
        await b.WaitForFramesBeyondAsync(await b.FramesDecodedAsync());

        await call.WaitForFullMeshAsync();
        Assert.True(await b.KeptConnectionToAsync(a));
    }
}
