using System.Text;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using Member = (MeshCall.Contracts.Peers.PeerId Peer, string Connection, MeshCall.Contracts.Peers.SessionJoinResult Result);

namespace MeshCall.Grains.Tests;

/// <summary>
/// A session's two cursors as its gateway reports them with each heartbeat: what the gateway has (events handed to it
/// rather than pushed are confirmed only so) and what the client acknowledged (no longer kept for a resume).
/// </summary>
[Collection(TwoSiloCollection.Name)]
public sealed class DeliveryCursorTests(TwoSiloCluster fixture)
{
    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Two members of a fresh room on one gateway, the first one's `peer-joined` consumed.</summary>
    private static async Task<(Member A, Member B)> JoinTwoAsync(TestGateway gateway)
    {
        var room = "room-" + Guid.NewGuid().ToString("N");
        var a = await gateway.JoinAsync(room, "a");
        var b = await gateway.JoinAsync(room, "b");
        await gateway.NextAsync<PeerJoinedEvent>(a.Connection);
        return (a, b);
    }

    [Fact]
    public async Task A_signal_for_the_caller_s_own_gateway_is_handed_back_not_pushed_and_comes_again_until_a_heartbeat_confirms_it()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var (a, b) = await JoinTwoAsync(gateway);
        var addressee = fixture.Grains.GetPeer(b.Peer);

        var receipt = await addressee.DeliverSignalAsync(a.Peer, SignalType.Offer, Json("1"), 1, 0, gateway.Id);
        Assert.Equal(RelayOutcome.Delivered, receipt.Outcome);
        Assert.Equal(b.Connection, receipt.ConnectionId);
        var handed = Assert.IsType<SignalEvent>(receipt.Handed!.Event);
        Assert.Equal((a.Peer, 1L), (handed.From, handed.MsgId));
        Assert.False(gateway.HasPending(b.Connection));

        // A retry (the sender's gateway timed out) is handed the same numbered signal, not a second one.
        Assert.Equal(receipt.Handed.Seq, (await addressee.DeliverSignalAsync(a.Peer, SignalType.Offer, Json("1"), 1, 0, gateway.Id)).Handed?.Seq);

        // Handed before the previous heartbeat and still not reported received: that gateway lost it, and gets it again.
        Assert.Empty((await addressee.HeartbeatAsync(b.Connection, 0, 0)).Unconfirmed);
        Assert.Equal([receipt.Handed.Seq], (await addressee.HeartbeatAsync(b.Connection, 0, 0)).Unconfirmed.Select(d => d.Seq));
        Assert.Empty((await addressee.HeartbeatAsync(b.Connection, receipt.Handed.Seq, 0)).Unconfirmed);
        Assert.Empty((await addressee.HeartbeatAsync(b.Connection, receipt.Handed.Seq, 0)).Unconfirmed);
    }

    [Fact]
    public async Task What_the_client_acknowledged_is_not_replayed_on_a_resume_and_what_it_did_not_is()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var (a, b) = await JoinTwoAsync(gateway);
        var addressee = fixture.Grains.GetPeer(b.Peer);
        var seqs = new List<long>();
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(RelayOutcome.Delivered, await addressee.RelayAsync(a.Peer, SignalType.Candidate, Json(i.ToString()), i));
            seqs.Add((await gateway.NextAsync(b.Connection)).Seq);
        }

        // The client handled the first two; its connection drops; it resumes saying it saw only the first (a client that
        // lost its place still gets no duplicate of what it acknowledged).
        await addressee.HeartbeatAsync(b.Connection, seqs[2], seqs[1]);
        await addressee.DisconnectAsync(b.Connection);
        var secret = b.Result.ResumeToken[(b.Result.ResumeToken.IndexOf('.') + 1)..];
        var resumed = await addressee.ResumeAsync(b.Result.Room, secret, gateway.Connect("again"), seqs[0]);
        Assert.Equal(seqs[2], resumed.FirstSeq);

        var replayed = await gateway.NextAsync("again");
        Assert.Equal((seqs[2], 3L), (replayed.Seq, Assert.IsType<SignalEvent>(replayed.Event).MsgId));
        Assert.Equal(RelayOutcome.Delivered, await addressee.RelayAsync(a.Peer, SignalType.Candidate, Json("4"), 4));
        Assert.Equal(4, (await gateway.NextAsync<SignalEvent>("again")).MsgId);
    }
}
