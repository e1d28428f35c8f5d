using MeshCall.Client;

namespace MeshCall.Gateway.Tests.Webhooks;

/// <summary>An event its receiver refuses for all of <c>Webhooks:RetryFor</c> is dropped, counted, and the room's next one goes out.</summary>
public sealed class WebhookExpiryTests(WebhookExpiryTests.ShortRetryGateway gateway) : IClassFixture<WebhookExpiryTests.ShortRetryGateway>
{
    [Fact]
    public async Task Events_refused_past_RetryFor_are_dropped_counted_as_failed_and_do_not_hold_up_the_next()
    {
        var room = "expiry-" + Guid.NewGuid().ToString("N");
        gateway.Receiver.Refuse(room);
        await using (var client = await MeshCallClient.ConnectAsync(gateway.WebSocket))
        {
            await client.JoinAsync(room, "ada");
            await client.LeaveAsync();
        }

        using var http = new HttpClient();
        var failed = await Wait.UntilAsync(async () => PrometheusText.Sum(await PrometheusText.ScrapeAsync(http, new Uri(gateway.Http, "/metrics")), "meshcall_webhooks_failed_total"), n => n >= 4);
        Assert.Equal(4, failed);

        // Tried in order, the first again and again; the others, as old as it, had little or none of their two seconds left.
        string[] order = ["room.started", "peer.joined", "peer.left", "room.finished"];
        var attempts = gateway.Receiver.Deliveries.Where(r => r.Room == room).ToList();
        Assert.All(attempts, r => Assert.False(r.Accepted));
        Assert.True(attempts.Count(r => r.Type == "room.started") >= 2, "the first event was not retried");
        var positions = attempts.Select(r => Array.IndexOf(order, r.Type)).ToList();
        Assert.Equal(positions.Order(), positions);

        // The room is not stuck behind what it dropped: what happens next goes out.
        gateway.Receiver.Accept(room);
        await using var late = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await late.JoinAsync(room, "bob");
        var received = await gateway.Receiver.WaitUntilAsync(d => d.Any(r => r.Room == room && r.Accepted && r.Type == "peer.joined"), TimeSpan.FromSeconds(15));
        Assert.Equal(["room.started", "peer.joined"], received.Where(r => r.Room == room && r.Accepted).Select(r => r.Type));
    }

    public sealed class ShortRetryGateway : WebhookGateway
    {
        protected override IEnumerable<string> Overrides =>
        [
            "--Webhooks:RetryFor=00:00:02",
            "--Webhooks:MaxRetryDelay=00:00:00.500",
        ];
    }
}
