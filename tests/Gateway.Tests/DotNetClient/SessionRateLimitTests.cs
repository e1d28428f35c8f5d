using MeshCall.Client;

namespace MeshCall.Gateway.Tests.DotNetClient;

/// <summary>A <see cref="MeshCallSession"/> answered <c>rate-limited</c> backs off and tries again instead of failing.</summary>
public sealed class SessionRateLimitTests(RateLimitedGateways gateways) : IClassFixture<RateLimitedGateways>
{
    [Fact]
    public async Task Signals_answered_rate_limited_are_sent_again_until_each_is_delivered_once()
    {
        const int signals = 20;
        var room = NewRoom();
        await using var a = await MeshCallSession.JoinAsync(new MeshCallSessionOptions([gateways.Requests.WebSocket], room, "a"));
        await using var b = await MeshCallSession.JoinAsync(new MeshCallSessionOptions([gateways.Requests.WebSocket], room, "b"));

        // Twenty at once on a connection allowed one request per 100 ms: most are answered rate-limited at first.
        await Task.WhenAll(Enumerable.Range(0, signals).Select(n => a.SignalAsync(b.PeerId!, "custom", n.ToString())));

        var received = new List<int>();
        while (received.Count < signals)
        {
            var next = await b.Events.NextAsync();
            Assert.Equal("signal", next.Op);
            received.Add(next.Body.GetProperty("data").GetInt32());
        }

        Assert.Equal(Enumerable.Range(0, signals), received.Order());
    }

    [Fact]
    public async Task A_session_whose_join_is_answered_rate_limited_tries_again_on_the_next_gateway()
    {
        // This address's one fresh join this minute on the first gateway; the next is refused.
        await using var first = await MeshCallClient.ConnectAsync(gateways.Joins.WebSocket);
        await first.JoinAsync(NewRoom(), "first");
        await using (var refused = await MeshCallClient.ConnectAsync(gateways.Joins.WebSocket))
        {
            Assert.Equal("rate-limited", await Wait.ErrorCodeAsync(() => refused.JoinAsync(NewRoom())));
        }

        await using var session = await MeshCallSession.JoinAsync(
            new MeshCallSessionOptions([gateways.Joins.WebSocket, gateways.Requests.WebSocket], NewRoom(), "late"));

        Assert.Equal(gateways.Requests.WebSocket, session.Gateway);
        Assert.NotEmpty(session.PeerId!);
    }

    private static string NewRoom() => "limited-" + Guid.NewGuid().ToString("N");
}
