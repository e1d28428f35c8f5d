using MeshCall.Client;
using MeshCall.Testing;

namespace MeshCall.Cluster.Tests;

/// <summary>
/// Webhook events a room still owes are stored with the room: when its silo is killed (kill -9) while the receiver
/// refuses them, another silo wakes the room (a reminder in Redis; no member will ever call this ended room again)
/// and sends every one of them, in order.
/// </summary>
[Collection(IntegrationClusterCollection.Name)]
public sealed class WebhooksAfterSiloLossTests(IntegrationClusterFixture cluster)
{
    /// <summary>Death declared in about 5 s, then the next reminder tick (every 5 s here) wakes the room elsewhere.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public Task Pending_webhook_events_survive_kill_9_of_the_silo_holding_the_room() => cluster.RunAsync(async () =>
    {
        var room = Mesh.NewRoom();
        var mark = $"joined room {room} (";
        cluster.Silos.ToList().ForEach(s => s.Count(mark));
        cluster.Webhooks.Refuse(room);
        string peer;
        await using (var client = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri))
        {
            peer = (await client.JoinAsync(room, "ada")).PeerId;
            await client.LeaveAsync();
        }

        // The room has ended and owes all four events: its silo is trying the first, refused every time.
        await cluster.Webhooks.WaitUntilAsync(d => d.Count(r => r.Room == room) >= 2, Settle);
        var silo = cluster.Silos.Single(s => s.Counted(mark) > 0);
        silo.Kill();
        try
        {
            var refusedBeforeKill = cluster.Webhooks.Deliveries.Count(r => r.Room == room);
            cluster.Webhooks.Accept(room);

            var received = await cluster.Webhooks.WaitUntilAsync(
                d => d.Any(r => r.Room == room && r.Accepted && r.Type == "room.finished"), Settle);

            var accepted = received.Where(r => r.Room == room && r.Accepted).DistinctBy(r => r.Id).ToList();
            Assert.Equal(["room.started", "peer.joined", "peer.left", "room.finished"], accepted.Select(r => r.Type));
            Assert.All(accepted.Skip(1).SkipLast(1), r => Assert.Equal(peer, r.Data.GetProperty("peerId").GetString()));
            Assert.All(received.Where(r => r.Room == room), r => Assert.True(r.Verified));
            Assert.True(refusedBeforeKill >= 2);
            // The first event was retried under its id across the kill, so the receiver can tell it is the same.
            Assert.Single(received.Where(r => r.Room == room && r.Type == "room.started").Select(r => r.Id).Distinct());
        }
        finally
        {
            await cluster.ReplaceSiloAsync(silo);
        }
    });
}
