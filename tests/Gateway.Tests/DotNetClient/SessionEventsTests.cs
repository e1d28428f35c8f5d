using System.Collections.Concurrent;
using MeshCall.Client;

namespace MeshCall.Gateway.Tests.DotNetClient;

/// <summary><see cref="MeshCallSession"/> has the typed events and the broadcast of <see cref="MeshCallClient"/>.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SessionEventsTests(EmbeddedGateway gateway)
{
    [Fact]
    public async Task A_session_raises_typed_events_for_joins_signals_broadcasts_and_leaves_in_order()
    {
        var room = "session-events-" + Guid.NewGuid().ToString("N");
        await using var a = await MeshCallSession.JoinAsync(new MeshCallSessionOptions([gateway.WebSocket], room, "a"));
        var seen = new ConcurrentQueue<string>();
        var left = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.PeerJoined += peer => seen.Enqueue($"joined {peer.Name} {peer.PeerId}");
        a.SignalReceived += signal => seen.Enqueue($"signal {signal.Type} from {signal.From}: {signal.Data.GetRawText()}");
        a.BroadcastReceived += broadcast => seen.Enqueue($"broadcast from {broadcast.From}: {broadcast.Data.GetRawText()}");
        a.PeerLeft += (peerId, reason) =>
        {
            seen.Enqueue($"left {peerId} {reason}");
            left.SetResult();
        };

        var b = await MeshCallSession.JoinAsync(new MeshCallSessionOptions([gateway.WebSocket], room, "b"));
        await b.SignalAsync(a.PeerId!, "offer", """{"sdp":"v=0"}""");
        await b.BroadcastAsync("""{"chat":"hello"}""");
        await b.LeaveAsync();
        await left.Task.WaitAsync(Wait.Timeout);
        await b.DisposeAsync();

        Assert.Equal(
        [
            $"joined b {b.PeerId}",
            $$"""signal offer from {{b.PeerId}}: {"sdp":"v=0"}""",
            $$"""broadcast from {{b.PeerId}}: {"chat":"hello"}""",
            $"left {b.PeerId} left",
        ], seen);
    }

    [Fact]
    public async Task A_session_used_only_through_its_typed_events_keeps_at_most_its_capacity_unread()
    {
        var room = "session-capacity-" + Guid.NewGuid().ToString("N");
        await using var a = await MeshCallSession.JoinAsync(new MeshCallSessionOptions([gateway.WebSocket], room, "a") { EventCapacity = 4 });
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.BroadcastReceived += message =>
        {
            if (message.Data.GetInt32() == 9)
            {
                last.SetResult();
            }
        };

        await using var b = await MeshCallSession.JoinAsync(new MeshCallSessionOptions([gateway.WebSocket], room, "b"));
        for (var n = 0; n < 10; n++)
        {
            await b.BroadcastAsync(n.ToString());
        }

        await last.Task.WaitAsync(Wait.Timeout);
        Assert.Equal(4, a.Events.Count);
        Assert.Equal(1 + 10 - 4, a.DroppedEvents); // peer-joined and broadcasts 0 to 5
    }

    [Fact]
    public async Task A_session_handler_that_throws_is_reported_and_the_events_after_it_still_arrive()
    {
        var room = "session-handler-" + Guid.NewGuid().ToString("N");
        await using var a = await MeshCallSession.JoinAsync(new MeshCallSessionOptions([gateway.WebSocket], room, "a"));
        var bug = new InvalidOperationException("a bug in the application's handler");
        var reported = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var broadcast = new TaskCompletionSource<BroadcastMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.PeerJoined += _ => throw bug;
        a.HandlerFailed += reported.SetResult;
        a.BroadcastReceived += broadcast.SetResult;

        await using var b = await MeshCallSession.JoinAsync(new MeshCallSessionOptions([gateway.WebSocket], room, "b"));
        Assert.Same(bug, await reported.Task.WaitAsync(Wait.Timeout));
        await b.BroadcastAsync("\"after the bug\"");
        Assert.Equal("after the bug", (await broadcast.Task.WaitAsync(Wait.Timeout)).Data.GetString());
    }
}
