using System.Text.Json;
using MeshCall.Gateway.Tests.Abuse;

namespace MeshCall.Gateway.Tests.Backpressure;

/// <summary>
/// A member that stops reading while three others broadcast 60 KiB messages costs the gateway at most its
/// outbound bound: it is closed after about that many bytes (1008 on <c>/ws</c>, aborted on the hub), the others
/// see it reconnecting and go on unslowed, and its resume gets what it had not read, or is told how much it lost.
/// </summary>
public sealed class SlowConsumerTests(SlowConsumerGateway gateway) : IClassFixture<SlowConsumerGateway>
{
    private const int Broadcasts = 300;
    private const int PayloadBytes = 60 * 1024;

    // What can be in flight besides the bounded queue: the socket buffers of both ends and the server's pipes.
    private const long InFlightAllowance = 6 * 1024 * 1024;

    [Theory]
    [InlineData("ws")]
    [InlineData("hub")]
    public async Task A_member_that_stops_reading_is_closed_after_its_bound_and_resumes_with_what_it_missed(string transport)
    {
        var room = "slow-" + Guid.NewGuid().ToString("N");
        await using var sender = await WebSocketProbe.ConnectAsync(gateway.WebSocket);
        await using var reader = await WebSocketProbe.ConnectAsync(gateway.WebSocket);
        await sender.JoinAsync(room, token: null, name: "sender");
        await reader.JoinAsync(room, token: null, name: "reader");
        await using var slow = SlowMember.Create(transport, gateway);
        var (slowId, resumeToken) = await slow.JoinAndStallAsync(room);

        // Nothing the sender sends is refused because one member does not read, and the member who reads gets it all.
        // Each broadcast waits for the reader to have the one before: on a busy machine the reader must not fall
        // behind by the (small) bound itself.
        var padding = new string('x', PayloadBytes);
        for (var n = 0; n < Broadcasts; n++)
        {
            await sender.RequestAsync("broadcast", $$$"""{"data":{"n":{{{n}}},"pad":"{{{padding}}}"}}""");
            Assert.Equal(n, (await NextBroadcastAsync(reader)).GetProperty("data").GetProperty("n").GetInt32());
        }

        await WaitForAsync(sender, e => e.Op == "peer-state" && e.Body.GetProperty("peerId").GetString() == slowId
            && e.Body.GetProperty("state").GetString() == "reconnecting");
        Assert.True(await slow.ReadUntilClosedAsync(), "the slow member was not closed with 1008");
        long sent = (long)Broadcasts * PayloadBytes;
        Assert.True(slow.BytesReceived < SlowConsumerGateway.MaxQueuedBytes + InFlightAllowance,
            $"the slow member got {slow.BytesReceived:N0} of {sent:N0} bytes before it was closed");

        await using var resumed = await WebSocketProbe.ConnectAsync(gateway.WebSocket);
        await resumed.RequestAsync("join", $$"""{"room":"{{room}}","resume":"{{resumeToken}}","lastSeq":{{slow.LastSeq}}}""");
        var replayed = new List<JsonElement>();
        long dropped = 0;
        while (replayed.Count + dropped + slow.Received.Count < Broadcasts)
        {
            var (op, body) = await resumed.NextEventAsync();
            if (op == "error" && body.GetProperty("code").GetString() == "events-dropped")
            {
                dropped = body.GetProperty("count").GetInt64();
            }
            else if (op == "broadcast")
            {
                replayed.Add(body);
            }
        }

        // Every broadcast once, in order: read before the close, counted as dropped, or replayed.
        Console.WriteLine($"{transport}: {sent:N0} bytes sent at the slow member, {slow.BytesReceived:N0} read before the close; resumed: {dropped} dropped, {replayed.Count} replayed");
        var got = slow.Received.Select(Number).ToList();
        Assert.Equal(Enumerable.Range(0, got.Count), got);
        Assert.Equal(Enumerable.Range(got.Count + (int)dropped, replayed.Count), replayed.Select(Number));
        Assert.Equal(slow.LastSeq + dropped + 1, replayed[0].GetProperty("seq").GetInt64());
    }

    private static int Number(JsonElement broadcast) => broadcast.GetProperty("data").GetProperty("n").GetInt32();

    private static async Task<JsonElement> NextBroadcastAsync(Probe probe)
    {
        while (true)
        {
            var (op, body) = await probe.NextEventAsync();
            if (op == "broadcast")
            {
                return body;
            }
        }
    }

    private static async Task WaitForAsync(Probe probe, Func<(string Op, JsonElement Body), bool> match)
    {
        while (!match(await probe.NextEventAsync()))
        {
        }
    }
}
