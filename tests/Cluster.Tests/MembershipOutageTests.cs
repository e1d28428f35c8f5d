using System.Diagnostics;
using System.Net;
using MeshCall.Client;

namespace MeshCall.Cluster.Tests;

/// <summary>The membership store goes away for a while: calls in progress must not notice.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MembershipOutageTests(ClusterFixture cluster) : IDisposable
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Pace = TimeSpan.FromSeconds(1);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public Task With_redis_down_for_30_s_a_room_keeps_relaying_every_process_stays_healthy_and_then_a_new_silo_joins() => cluster.RunAsync(async () =>
    {
        var room = Mesh.NewRoom();
        await using var a = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri);
        await using var b = await MeshCallClient.ConnectAsync(cluster.Gateway2.WebSocketUri);
        var joinedA = await a.JoinAsync(room, "alice");
        var joinedB = await b.JoinAsync(room, "bob");
        await a.ExpectEventAsync("peer-joined");

        await cluster.Redis.StopAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            for (var seq = 1; clock.Elapsed < Outage; seq++)
            {
                var data = $$"""{"seq":{{seq}}}""";
                await a.SignalAsync(joinedB.PeerId, "candidate", data);
                Mesh.AssertSignal(await b.ExpectEventAsync("signal"), joinedA.PeerId, "candidate", data);
                foreach (var process in cluster.LongLived)
                {
                    using var health = await _http.GetAsync(new Uri(process.HttpUri, "healthz"));
                    Assert.True(health.StatusCode == HttpStatusCode.OK, $"{process.Name} /healthz {health.StatusCode} during the outage");
                }

                // The scenario's pace: one signal a second through the whole outage.
                await Task.Delay(Pace);
            }
        }
        finally
        {
            await cluster.Redis.RunAsync();
        }

        await cluster.StartSiloAsync("silo-after-outage");
        await b.SignalAsync(joinedA.PeerId, "answer", """{"after":true}""");
        Mesh.AssertSignal(await a.ExpectEventAsync("signal"), joinedB.PeerId, "answer", """{"after":true}""");
    });

    public void Dispose() => _http.Dispose();
}
