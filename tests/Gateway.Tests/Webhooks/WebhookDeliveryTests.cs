using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using MeshCall.Client;

namespace MeshCall.Gateway.Tests.Webhooks;

/// <summary>PROTOCOL.md "Webhooks": every room and peer event reaches the backend signed, per room in order, at least once.</summary>
public sealed class WebhookDeliveryTests(WebhookGateway gateway) : IClassFixture<WebhookGateway>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, string> _names = [];

    [Fact]
    public async Task Joins_leaves_timeouts_and_kicks_of_two_rooms_arrive_signed_and_per_room_in_order()
    {
        var (one, two) = (NewRoom(), NewRoom());
        var a = await JoinAsync(one, "a");
        await using var b = await JoinAsync(one, "b");
        var d = await JoinAsync(two, "d");
        await using var e = await JoinAsync(two, "e");
        await b.LeaveAsync();
        await using var c = await JoinAsync(one, "c");
        await KickAsync(one, c.PeerId!);
        await e.LeaveAsync();
        await d.LeaveAsync();
        await d.DisposeAsync();
        // Gone without a leave: held for a resume, then timed out, which ends the room.
        await a.DisposeAsync();

        var received = await gateway.Receiver.WaitUntilAsync(Finished(one, two), Patience);

        Assert.Equal(
            ["room.started", "peer.joined a", "peer.joined b", "peer.left b left", "peer.joined c", "peer.left c kicked", "peer.left a timeout", "room.finished"],
            Sequence(received, one));
        Assert.Equal(["room.started", "peer.joined d", "peer.joined e", "peer.left e left", "peer.left d left", "room.finished"], Sequence(received, two));
        foreach (var delivery in received.Where(r => r.Room == one || r.Room == two))
        {
            Assert.True(delivery.Verified, $"signature of {delivery.Body} not accepted by the StandardWebhooks verifier");
            Assert.StartsWith("msg_", delivery.Id, StringComparison.Ordinal);
            Assert.InRange(long.Parse(delivery.Timestamp, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            Assert.StartsWith("application/json", delivery.ContentType, StringComparison.Ordinal);
            Assert.Equal(["type", "timestamp", "data"], delivery.Json.EnumerateObject().Select(p => p.Name));
            Assert.True(DateTimeOffset.TryParse(delivery.Json.GetProperty("timestamp").GetString(), CultureInfo.InvariantCulture, out _));
        }

        // Without grants there is no `sub`, and the room's first member is its moderator.
        var joined = received.Where(r => r.Room == one && r.Type == "peer.joined").ToList();
        Assert.All(joined, j => Assert.Equal(["room", "peerId", "name", "role"], j.Data.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(["moderator", "member", "member"], joined.Select(j => j.Data.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task A_receiver_down_for_ten_seconds_gets_every_event_afterwards_in_order_and_duplicates_keep_their_id()
    {
        var room = NewRoom();
        gateway.Receiver.RefuseFor(TimeSpan.FromSeconds(10));
        await using var a = await JoinAsync(room, "a");
        await using (var b = await JoinAsync(room, "b"))
        {
            await b.LeaveAsync();
        }

        // Joins and leaves do not wait on the receiver: all of this happened while it refused everything.
        Assert.DoesNotContain(gateway.Receiver.Deliveries, r => r.Room == room && r.Accepted);
        await a.LeaveAsync();

        var received = await gateway.Receiver.WaitUntilAsync(Finished(room), Patience);

        var mine = received.Where(r => r.Room == room).ToList();
        Assert.Equal(["room.started", "peer.joined a", "peer.joined b", "peer.left b left", "peer.left a left", "room.finished"], Sequence(received, room));
        Assert.Contains(mine, r => r.Status == HttpStatusCode.InternalServerError);
        Assert.All(mine, r => Assert.True(r.Verified));

        // Each event was sent only once the one before it was accepted.
        var order = mine.Where(r => r.Accepted).Select(r => r.Id).Distinct().ToList();
        var accepted = new HashSet<string>();
        foreach (var delivery in mine)
        {
            var index = order.IndexOf(delivery.Id);
            Assert.True(index == 0 || accepted.Contains(order[index - 1]), $"{delivery.Body} sent before its predecessor was accepted");
            if (delivery.Accepted)
            {
                accepted.Add(delivery.Id);
            }
        }

        // A retry is the same event: same id, same body, whichever attempt it was.
        foreach (var copies in mine.GroupBy(r => r.Body))
        {
            Assert.Single(copies.Select(r => r.Id).Distinct());
        }

        using var http = new HttpClient();
        var metrics = await PrometheusText.ScrapeAsync(http, new Uri(gateway.Http, "/metrics"));
        Assert.True(PrometheusText.Sum(metrics, "meshcall_webhooks_retried_total") >= 1);
        Assert.True(PrometheusText.Sum(metrics, "meshcall_webhooks_delivered_total") >= 6);
        Assert.True(PrometheusText.Has(metrics, "meshcall_webhooks_pending"));
    }

    private static Func<IReadOnlyList<WebhookDelivery>, bool> Finished(params string[] rooms) =>
        received => rooms.All(room => received.Any(r => r.Accepted && r.Room == room && r.Type == "room.finished"));

    /// <summary>The events of <paramref name="room"/> the receiver accepted, first copies only, in arrival order.</summary>
    private List<string> Sequence(IReadOnlyList<WebhookDelivery> received, string room) =>
        [.. received.Where(r => r.Accepted && r.Room == room).DistinctBy(r => r.Id).Select(Describe)];

    private string Describe(WebhookDelivery delivery)
    {
        var text = delivery.Type;
        if (delivery.Data.TryGetProperty("peerId", out var peer))
        {
            text += " " + _names[peer.GetString()!];
        }

        return delivery.Data.TryGetProperty("reason", out var reason) ? text + " " + reason.GetString() : text;
    }

    private async Task<MeshCallClient> JoinAsync(string room, string name)
    {
        var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var joined = await client.JoinAsync(room, name);
        _names[joined.PeerId] = name;
        return client;
    }

    private async Task KickAsync(string room, string peer)
    {
        using var http = new HttpClient { BaseAddress = gateway.Http };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/rooms/{room}/peers/{peer}/kick");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebhookGateway.AdminKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static string NewRoom() => "hooks-" + Guid.NewGuid().ToString("N");
}
