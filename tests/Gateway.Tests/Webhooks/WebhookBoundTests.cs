using MeshCall.Client;

namespace MeshCall.Gateway.Tests.Webhooks;

/// <summary>
/// A room owes at most <c>Webhooks:MaxPendingPerRoom</c> events: while its receiver is down the oldest go (counted as
/// failed), so its stored state stays bounded, and the newest arrive in order once the receiver is back.
/// </summary>
public sealed class WebhookBoundTests(WebhookBoundTests.BoundedGateway gateway) : IClassFixture<WebhookBoundTests.BoundedGateway>
{
    [Fact]
    public async Task Past_the_bound_the_oldest_events_are_dropped_and_counted_and_the_newest_arrive_in_order()
    {
        var room = "bound-" + Guid.NewGuid().ToString("N");
        gateway.Receiver.Refuse(room);
        using var http = new HttpClient();
        var failedBefore = await FailedAsync(http);

        // Eight events while the receiver refuses: room.started (being tried when the bound is passed), then seven.
        var names = new Dictionary<string, string>();
        await using var ada = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        names[(await ada.JoinAsync(room, "ada")).PeerId] = "ada";
        for (var i = 1; i <= 3; i++)
        {
            await using var guest = await MeshCallClient.ConnectAsync(gateway.WebSocket);
            names[(await guest.JoinAsync(room, $"guest{i}")).PeerId] = $"guest{i}";
            await guest.LeaveAsync();
        }

        string Describe(WebhookDelivery delivery) =>
            delivery.Data.TryGetProperty("peerId", out var peer) ? $"{delivery.Type} {names[peer.GetString()!]}" : delivery.Type;

        // Dropped: peer.joined ada, peer.joined guest1 and peer.left guest1; room.started was already on its way.
        Assert.Equal(3, await Wait.UntilAsync(async () => await FailedAsync(http) - failedBefore, n => n >= 3));

        gateway.Receiver.Accept(room);
        var received = await gateway.Receiver.WaitUntilAsync(
            d => d.Count(r => r.Room == room && r.Accepted) >= 5, TimeSpan.FromSeconds(15));
        Assert.Equal(
            ["room.started", "peer.joined guest2", "peer.left guest2", "peer.joined guest3", "peer.left guest3"],
            received.Where(r => r.Room == room && r.Accepted).Select(Describe));
        Assert.DoesNotContain(received.Where(r => r.Room == room).Select(Describe), d => d is "peer.joined ada" or "peer.joined guest1" or "peer.left guest1");
    }

    private async Task<double> FailedAsync(HttpClient http) =>
        PrometheusText.Sum(await PrometheusText.ScrapeAsync(http, new Uri(gateway.Http, "/metrics")), "meshcall_webhooks_failed_total");

    public sealed class BoundedGateway : WebhookGateway
    {
        protected override IEnumerable<string> Overrides => ["--Webhooks:MaxPendingPerRoom=4"];
    }
}
