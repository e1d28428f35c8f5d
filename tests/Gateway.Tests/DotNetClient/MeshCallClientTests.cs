using MeshCall.Client;

namespace MeshCall.Gateway.Tests.DotNetClient;

/// <summary>The .NET client's own bookkeeping: cancelled requests, and event handlers that throw.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MeshCallClientTests(EmbeddedGateway gateway)
{
    [Fact]
    public async Task A_request_cancelled_before_its_reply_is_forgotten_and_its_late_reply_comes_through_events()
    {
        var room = NewRoom();
        await using var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await a.JoinAsync(room, "a");

        // a's handler holds its receive loop, so the ping below is answered but its reply cannot be read before the cancel.
        using var release = new ManualResetEventSlim();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.PeerJoined += _ =>
        {
            holding.TrySetResult();
            release.Wait(Wait.Timeout);
        };
        await b.JoinAsync(room, "b");
        await holding.Task.WaitAsync(Wait.Timeout);

        var ping = new Dictionary<string, object?> { ["op"] = "ping" };
        try
        {
            using var cancel = new CancellationTokenSource();
            var cancelled = a.RequestAsync(ping, cancel.Token);

            // Sent after the ping (sends take turns), so once this is sent the ping is too, and cancelling cannot abort it.
            await a.SendTextAsync("""{"op":"ping","id":"marker"}""");
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        }
        finally
        {
            release.Set();
        }

        // A reply no request awaits goes to Events; a pending entry left behind would have swallowed it.
        Assert.Equal("peer-joined", (await a.Events.NextAsync()).Op);
        var late = await a.Events.NextAsync();
        Assert.Equal(("pong", ping["id"]!.ToString()), (late.Op, late.Body.GetProperty("id").GetRawText()));
        Assert.Equal("\"marker\"", (await a.Events.NextAsync()).Body.GetProperty("id").GetRawText());
    }

    [Fact]
    public async Task A_handler_that_throws_is_reported_and_the_events_after_it_still_arrive()
    {
        var room = NewRoom();
        await using var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var joinedA = await a.JoinAsync(room, "a");
        var bug = new InvalidOperationException("a bug in the application's handler");
        var reported = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var signalled = new TaskCompletionSource<SignalMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.PeerJoined += _ => throw bug;
        a.HandlerFailed += reported.SetResult;
        a.SignalReceived += signalled.SetResult;

        var joinedB = await b.JoinAsync(room, "b");
        Assert.Same(bug, await reported.Task.WaitAsync(Wait.Timeout));

        await b.SignalAsync(joinedA.PeerId, "offer", """{"sdp":"after the bug"}""");
        var signal = await signalled.Task.WaitAsync(Wait.Timeout);
        Assert.Equal((joinedB.PeerId, "offer"), (signal.From, signal.Type));
        await a.PingAsync();
    }

    private static string NewRoom() => "client-" + Guid.NewGuid().ToString("N");
}
