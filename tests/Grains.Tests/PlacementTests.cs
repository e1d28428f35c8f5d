using System.Text;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;

namespace MeshCall.Grains.Tests;

[Collection(TwoSiloCollection.Name)]
public sealed class PlacementTests(TwoSiloCluster fixture)
{
    [Fact]
    public async Task Members_whose_peer_grains_live_on_different_silos_relay_to_each_other()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = "room-" + Guid.NewGuid().ToString("N");
        var members = new List<(PeerId Peer, string Connection)>();
        Dictionary<string, string> silos = [];

        // Placement is the cluster's choice: join until the room spans both silos (bounded).
        for (var attempt = 0; attempt < 40 && silos.Values.Distinct().Count() < 2; attempt++)
        {
            if (members.Count == 8)
            {
                var last = members[^1];
                await fixture.Grains.GetPeer(last.Peer).LeaveAsync(last.Connection);
                members.RemoveAt(members.Count - 1);
            }

            var joined = await gateway.JoinAsync(room, $"p{attempt}");
            members.Add((joined.Peer, joined.Connection));
            silos = await SilosOfAsync(members.Select(m => m.Peer));
        }

        var first = members.First(m => silos[m.Peer.Value] == silos.Values.First());
        var second = members.First(m => silos[m.Peer.Value] != silos[first.Peer.Value]);
        Assert.NotEqual(silos[first.Peer.Value], silos[second.Peer.Value]);

        var data = Encoding.UTF8.GetBytes("""{"candidate":"x"}""");
        Assert.Equal(RelayOutcome.Delivered, await fixture.Grains.GetPeer(second.Peer).RelayAsync(first.Peer, SignalType.Candidate, data, 0));
        Assert.Equal(RelayOutcome.Delivered, await fixture.Grains.GetPeer(first.Peer).RelayAsync(second.Peer, SignalType.Candidate, data, 0));
        Assert.Equal(first.Peer, await NextSignalFromAsync(gateway, second.Connection));
        Assert.Equal(second.Peer, await NextSignalFromAsync(gateway, first.Connection));
    }

    private static async Task<PeerId> NextSignalFromAsync(TestGateway gateway, string connection)
    {
        while (true)
        {
            if ((await gateway.NextAsync(connection)).Event is SignalEvent signal)
            {
                return signal.From;
            }
        }
    }

    private async Task<Dictionary<string, string>> SilosOfAsync(IEnumerable<PeerId> peers)
    {
        var wanted = peers.Select(p => p.Value).ToHashSet();
        var statistics = await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics
            .Where(s => wanted.Contains(s.GrainId.Key.ToString()!))
            .ToDictionary(s => s.GrainId.Key.ToString()!, s => s.SiloAddress.ToString());
    }
}
