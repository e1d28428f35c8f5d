using System.Text.Json;
using MeshCall.Client;

namespace MeshCall.Gateway.Tests;

/// <summary>Resume on <c>/ws</c> with the protocol additions: <c>seq</c>, <c>lastSeq</c>, <c>msgId</c>, <c>events-dropped</c>.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SessionResumeTests(EmbeddedGateway gateway)
{
    [Fact]
    public async Task A_connection_still_open_when_its_session_resumes_elsewhere_is_told_replaced_and_closed()
    {
        var room = NewRoom();
        await using var old = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var joined = await old.JoinAsync(room, "alice");

        await using var moved = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var resumed = await moved.JoinAsync(room, "alice", joined.ResumeToken);

        Assert.Equal(joined.PeerId, resumed.PeerId);
        Assert.Equal("replaced", (await old.NextAsync("closed")).GetProperty("reason").GetString());
        await old.WaitForCloseAsync();
    }

    [Fact]
    public async Task A_resume_with_lastSeq_replays_exactly_the_events_after_it_in_order()
    {
        var room = NewRoom();
        var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var ja = await a.JoinAsync(room, "alice");
        await b.JoinAsync(room, "bob");
        await a.NextAsync("peer-joined");
        var seqs = new List<long>();
        for (var n = 1; n <= 3; n++)
        {
            await b.SignalAsync(ja.PeerId, "candidate", $$"""{"n":{{n}}}""");
            seqs.Add((await a.NextAsync("signal")).GetProperty("seq").GetInt64());
        }

        Assert.Equal([seqs[0], seqs[0] + 1, seqs[0] + 2], seqs);
        await a.DisposeAsync();
        await b.NextAsync("peer-state");
        await b.SignalAsync(ja.PeerId, "candidate", """{"n":4}""");
        await b.SignalAsync(ja.PeerId, "candidate", """{"n":5}""");

        // The client says it saw only the first signal: the second and third come again, then what it missed.
        await using var back = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        Assert.Equal(ja.PeerId, (await back.JoinAsync(room, "alice", ja.ResumeToken, lastSeq: seqs[0])).PeerId);
        var replayed = new List<(long N, long Seq)>();
        for (var i = 0; i < 4; i++)
        {
            var signal = await back.NextAsync("signal");
            replayed.Add((signal.GetProperty("data").GetProperty("n").GetInt64(), signal.GetProperty("seq").GetInt64()));
        }

        Assert.Equal([2L, 3, 4, 5], replayed.Select(r => r.N));
        Assert.Equal(seqs[1], replayed[0].Seq);
        Assert.True(replayed.Zip(replayed.Skip(1)).All(p => p.Second.Seq > p.First.Seq), "seq must grow");
        var state = await b.NextAsync("peer-state");
        Assert.Equal((ja.PeerId, "connected"), (state.GetProperty("peerId").GetString(), state.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_signal_sent_again_with_the_same_msgId_is_acknowledged_and_delivered_once()
    {
        var room = NewRoom();
        await using var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var ja = await a.JoinAsync(room, "alice");
        await b.JoinAsync(room, "bob");
        await a.NextAsync("peer-joined");

        await b.SignalAsync(ja.PeerId, "offer", """{"try":1}""", msgId: 7);
        await b.SignalAsync(ja.PeerId, "offer", """{"try":2}""", msgId: 7);
        await b.SignalAsync(ja.PeerId, "answer", """{"next":true}""", msgId: 8);

        Assert.Equal("""{"try":1}""", (await a.NextAsync("signal")).GetProperty("data").GetRawText());
        Assert.Equal("""{"next":true}""", (await a.NextAsync("signal")).GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task More_events_than_the_session_keeps_are_replayed_as_far_as_kept_and_the_rest_reported()
    {
        const int Sent = 300;
        const int Kept = 256;
        var room = NewRoom();
        var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var ja = await a.JoinAsync(room, "alice");
        await b.JoinAsync(room, "bob");
        var lastSeen = (await a.NextAsync("peer-joined")).GetProperty("seq").GetInt64();
        await a.DisposeAsync();
        await b.NextAsync("peer-state");
        for (var n = 1; n <= Sent; n++)
        {
            await b.SignalAsync(ja.PeerId, "candidate", $$"""{"n":{{n}}}""");
        }

        await using var back = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await back.JoinAsync(room, "alice", ja.ResumeToken, lastSeq: lastSeen);
        var received = new List<long>();
        for (var i = 0; i < Kept; i++)
        {
            received.Add((await back.NextAsync("signal")).GetProperty("data").GetProperty("n").GetInt64());
        }

        Assert.Equal(Enumerable.Range(Sent - Kept + 1, Kept).Select(n => (long)n), received);
        var dropped = await back.NextAsync("error");
        Assert.Equal("events-dropped", dropped.GetProperty("code").GetString());
        Assert.Equal(Sent - Kept, dropped.GetProperty("count").GetInt64());
    }

    private static string NewRoom() => "resume-" + Guid.NewGuid().ToString("N");
}
