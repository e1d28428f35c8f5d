using System.Text.Json;
using System.Threading.Channels;
using MeshCall.Client;
using Microsoft.Extensions.Time.Testing;

namespace MeshCall.Gateway.Tests.DotNetClient;

/// <summary>
/// A session tells the server what it has taken (PROTOCOL.md <c>ack</c>), so the server need not keep it for a resume,
/// without spending the request budget: one ack at most per 250 ms, naming the highest <c>seq</c> handled, none after
/// the leave. Its clock is driven here, and a scripted gateway shows every frame it sends.
/// </summary>
public sealed class SessionAckTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task A_session_acks_the_highest_seq_it_handled_250_ms_after_the_first_unacked_event_and_never_after_leaving()
    {
        var time = new FakeTimeProvider();
        await using var gateway = await ScriptedGateway.StartAsync();
        var session = await MeshCallSession.JoinAsync(new MeshCallSessionOptions([gateway.WebSocket], "acks", "ada") { TimeProvider = time });
        try
        {
            var handled = Channel.CreateUnbounded<long>();
            session.BroadcastReceived += message => handled.Writer.TryWrite(message.Data.GetInt64());
            Assert.Equal("join", Op(await gateway.Received.NextAsync()));

            // Three events, then a quarter second less a tick: nothing is acknowledged yet.
            await PushAndHandleAsync(gateway, handled, 1, 2, 3);
            time.Advance(Window - Tick);
            await PushAndHandleAsync(gateway, handled, 4);
            time.Advance(Tick);
            Assert.Equal(4, AckedSeq(await gateway.Received.NextAsync()));

            // The next window opens with the next event, and its ack names the highest seq handled by its end.
            await PushAndHandleAsync(gateway, handled, 5);
            time.Advance(Window - Tick);
            await PushAndHandleAsync(gateway, handled, 6);
            time.Advance(Tick);
            Assert.Equal(6, AckedSeq(await gateway.Received.NextAsync()));

            // Nothing new, nothing sent: the ack after a quiet spell is the next event's.
            time.Advance(TimeSpan.FromSeconds(5));
            await PushAndHandleAsync(gateway, handled, 7);
            time.Advance(Window);
            Assert.Equal(7, AckedSeq(await gateway.Received.NextAsync()));

            // An event handled just before the leave is not acknowledged after it.
            await PushAndHandleAsync(gateway, handled, 8);
            await session.LeaveAsync();
            time.Advance(Window);
        }
        finally
        {
            await session.DisposeAsync();
        }

        Assert.Equal(["leave"], await RestAsync(gateway.Received));
    }

    private static async Task PushAndHandleAsync(ScriptedGateway gateway, Channel<long> handled, params long[] seqs)
    {
        foreach (var seq in seqs)
        {
            await gateway.PushAsync(Broadcast(seq));
            Assert.Equal(seq, await handled.Reader.NextAsync());
        }
    }

    private static string Broadcast(long seq) => $$"""{"op":"broadcast","from":"other","data":{{seq}},"seq":{{seq}}}""";

    private static string Op(JsonElement frame) => frame.GetProperty("op").GetString()!;

    private static long AckedSeq(JsonElement frame)
    {
        Assert.True(Op(frame) == "ack", $"expected an ack, got {frame}");
        return frame.GetProperty("seq").GetInt64();
    }

    private static async Task<List<string>> RestAsync(ChannelReader<JsonElement> frames)
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        var ops = new List<string>();
        await foreach (var frame in frames.ReadAllAsync(timeout.Token))
        {
            ops.Add(Op(frame));
        }

        return ops;
    }
}
