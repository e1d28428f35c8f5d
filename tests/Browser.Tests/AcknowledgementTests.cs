using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

/// <summary>
/// meshcall.js tells the server what it has handled (<c>ack</c>), so the server need not keep it for a resume; it
/// names only events it was sent.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AcknowledgementTests(BrowserCallFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task The_page_acknowledges_the_events_it_has_handled()
    {
        var room = $"acks-{Guid.NewGuid():N}";
        var gate = new WebSocketGate();
        await using var member = await CallPage.JoinAsync(fixture, room, "member", output, gate);
        await using var newcomer = await CallPage.JoinAsync(fixture, room, "newcomer", output);

        // The newcomer's peer-joined, then its offer and candidates: the page handles them and acknowledges.
        var joined = await gate.NextReceivedAsync(m => WebSocketGate.Op(m) == "peer-joined", CallPage.Timeout);
        var acked = (await gate.NextSentAsync("ack", CallPage.Timeout)).GetProperty("seq").GetInt64();
        Assert.True(acked >= joined.GetProperty("seq").GetInt64(), $"ack {acked} is older than the first event");

        // It names an event the page was sent: found among them, or this times out.
        await gate.NextReceivedAsync(m => m.TryGetProperty("seq", out var seq) && seq.GetInt64() == acked, CallPage.Timeout);
    }
}
