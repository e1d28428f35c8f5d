using MeshCall.Client;
using static MeshCall.Testing.PrometheusText;

namespace MeshCall.Cluster.Tests;

/// <summary>
/// Rooms scale out with silos: spread over all of them, a silo added at runtime takes new rooms, and a silo stopped
/// gracefully hands its rooms to the others without losing a session.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RoomPlacementTests(ClusterFixture cluster, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const int Rooms = 300;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public Task Rooms_spread_over_all_silos_a_new_silo_takes_new_rooms_and_a_stopped_one_hands_its_rooms_over() => cluster.RunAsync(async () =>
    {
        var clients = new List<(MeshCallClient Client, string Room, string PeerId)>();
        try
        {
            // Counted by the silos themselves (meshcall_rooms_active); a few rooms of earlier tests may still be there.
            await JoinRoomsAsync(clients, Rooms, members: 1, "spread");
            var spread = await RoomsPerSiloAsync(cluster.Silos);
            Assert.True(spread.Sum() >= Rooms, $"rooms per silo: {string.Join(", ", spread)}");
            Assert.All(spread, n => Assert.True(n >= spread.Sum() * 15 / 100, $"rooms per silo: {string.Join(", ", spread)}"));

            var added = await cluster.StartSiloAsync("silo-added");
            await JoinRoomsAsync(clients, 100, members: 2, "after-add");
            var held = (await RoomsPerSiloAsync([added]))[0];
            output.WriteLine($"rooms per silo: {string.Join(", ", spread)}; the added silo took {held} of 100 new rooms");
            Assert.True(held > 0, "the added silo took none of 100 new rooms");

            // Graceful stop: its rooms and sessions come back on the others, and every pair still relays.
            added.Terminate();
            Assert.Equal(0, await added.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            var pairs = clients.GroupBy(c => c.Room).Where(g => g.Count() == 2).Select(g => g.First()).ToList();
            foreach (var (client, room, peerId) in pairs)
            {
                var pair = clients.First(c => c.Room == room && c.Client != client);
                await SignalRetryingAsync(client, pair.PeerId);
                MeshEvent next;
                do
                {
                    next = await pair.Client.NextEventAsync();
                }
                while (next.Op != "signal");

                Assert.Equal(peerId, next.Body.GetProperty("from").GetString());
            }

        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.Client.DisposeAsync().AsTask()));
        }
    });

    public void Dispose() => _http.Dispose();

    /// <summary>As PROTOCOL.md asks of a client: <c>unavailable</c> (a room or session mid-move) is sent again, with backoff.</summary>
    private static async Task SignalRetryingAsync(MeshCallClient client, string to)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.SignalAsync(to, "custom", """{"still":"here"}""", msgId: 1);
                return;
            }
            catch (MeshCallException error) when (error.Code == "unavailable" && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
        }
    }

    /// <summary>Rooms of one or two members, the second joining through the other gateway.</summary>
    private async Task JoinRoomsAsync(List<(MeshCallClient, string, string)> clients, int rooms, int members, string prefix)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await Parallel.ForEachAsync(Enumerable.Range(0, rooms), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (r, _) =>
        {
            var room = $"{prefix}-{tag}-{r}";
            foreach (var gateway in new[] { cluster.Gateway1, cluster.Gateway2 }.Take(members))
            {
                var client = await MeshCallClient.ConnectAsync(gateway.WebSocketUri);
                var joined = await client.JoinAsync(room, "m");
                lock (clients)
                {
                    clients.Add((client, room, joined.PeerId));
                }
            }
        });
    }

    private async Task<int[]> RoomsPerSiloAsync(IEnumerable<ServiceProcess> silos) =>
        await Task.WhenAll(silos.Select(async s => (int)Sum(await ScrapeAsync(_http, new Uri(s.HttpUri, "metrics")), "meshcall_rooms_active")));

}
