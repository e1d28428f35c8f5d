using MeshCall.Contracts.Peers;
using MeshCall.Delivery.Session;

namespace MeshCall.Delivery.Tests;

/// <summary>The session half: numbering, what is kept for a resume, and the gateway's and client's cursors.</summary>
public sealed class SessionStreamTests
{
    private static readonly PeerId Sender = PeerId.New();

    private static SignalEvent Signal(long msgId, int bytes = 10) => new(Sender, SignalType.Candidate, new byte[bytes], msgId);

    [Fact]
    public void Events_are_numbered_one_by_one_and_a_restored_session_numbers_above_every_earlier_epoch()
    {
        var stream = new SessionStream(capacity: 16, maxBytes: 1 << 20);
        Assert.Equal([EventSeq.First(0), EventSeq.First(0) + 1], [stream.Append(Signal(1)).Seq, stream.Append(Signal(2)).Seq]);

        stream.StartEpoch(1);
        var first = stream.Append(Signal(3)).Seq;
        Assert.Equal(EventSeq.First(1), first);
        Assert.True(first > EventSeq.First(0) + 1_000_000);
        Assert.Equal(1, stream.RetainedCount);
    }

    [Fact]
    public void What_the_client_acknowledged_is_let_go_and_never_replayed_nor_counted_lost()
    {
        var gauge = new Gauge();
        var stream = new SessionStream(capacity: 16, maxBytes: 1 << 20, gauge);
        var seqs = Enumerable.Range(1, 5).Select(i => stream.Append(Signal(i)).Seq).ToList();
        Assert.Equal((5L, 5 * Signal(0).WireBytes), (gauge.Events, gauge.Bytes));

        stream.Acknowledge(seqs[2]);
        Assert.Equal(2, stream.RetainedCount);
        Assert.Equal((2L, 2L * Signal(0).WireBytes), (gauge.Events, gauge.Bytes));

        // A client that resumes saying it saw less than it acknowledged gets only what it did not acknowledge.
        var replay = stream.Replay(lastSeq: seqs[0]);
        Assert.Equal(seqs[3..], replay.Events.Select(e => e.Seq));
        Assert.Equal((seqs[3], 0L), (replay.FirstSeq, replay.Dropped));

        // What the client has, its gateway had: nothing is stalled.
        stream.MarkCheck();
        stream.Acknowledge(seqs[4]);
        Assert.Empty(stream.Stalled());
        Assert.Equal((0, 0L), (stream.RetainedCount, gauge.Bytes));
    }

    [Fact]
    public void A_client_that_never_acknowledges_costs_at_most_the_bounds_and_a_resume_learns_how_many_it_lost()
    {
        var byBytes = new SessionStream(capacity: 10_000, maxBytes: 256 * 1024);
        for (var i = 1; i <= 1000; i++)
        {
            byBytes.Append(Signal(i, bytes: 60 * 1024));
        }

        Assert.True(byBytes.RetainedBytes <= 256 * 1024, $"{byBytes.RetainedBytes} bytes kept");

        var byCount = new SessionStream(capacity: 4, maxBytes: 1 << 30);
        var seqs = Enumerable.Range(1, 10).Select(i => byCount.Append(Signal(i)).Seq).ToList();
        var replay = byCount.Replay(lastSeq: seqs[0]);
        Assert.Equal(seqs[6..], replay.Events.Select(e => e.Seq));
        Assert.Equal((seqs[6], 5L), (replay.FirstSeq, replay.Dropped));
    }

    [Fact]
    public void Acknowledgements_from_another_epoch_or_beyond_what_was_numbered_let_go_of_nothing_unsent()
    {
        var stream = new SessionStream(capacity: 16, maxBytes: 1 << 20);
        var old = stream.Append(Signal(1)).Seq;
        stream.StartEpoch(1);
        var seq = stream.Append(Signal(2)).Seq;

        stream.Acknowledge(old);
        Assert.Equal(1, stream.RetainedCount);

        stream.Acknowledge(seq + 1000);
        Assert.Equal(seq, stream.AcknowledgedUpTo);
        var next = stream.Append(Signal(3)).Seq;
        Assert.Equal([next], stream.Replay(lastSeq: null).Events.Select(e => e.Seq));
    }

    [Fact]
    public void Confirmations_out_of_order_add_up_and_what_stays_unconfirmed_past_a_check_has_stalled()
    {
        var stream = new SessionStream(capacity: 16, maxBytes: 1 << 20);
        var seqs = Enumerable.Range(1, 4).Select(i => stream.Append(Signal(i)).Seq).ToList();
        stream.Confirm(seqs[2]);
        stream.Confirm(seqs[0]);
        Assert.Equal([seqs[1], seqs[3]], seqs.Where(s => !stream.IsConfirmed(s)));

        // Nothing is stalled before a check has passed over it.
        Assert.Empty(stream.Stalled());
        stream.MarkCheck();
        Assert.Equal([seqs[1], seqs[3]], stream.Stalled().Select(e => e.Seq));

        stream.GatewayReceived(seqs[1]);
        Assert.Equal([seqs[3]], stream.Stalled().Select(e => e.Seq));
        Assert.Equal([seqs[3]], stream.Replay(lastSeq: null).Events.Select(e => e.Seq));
    }

    [Fact]
    public void A_retry_finds_its_signal_only_while_it_is_unconfirmed()
    {
        var stream = new SessionStream(capacity: 16, maxBytes: 1 << 20);
        var sent = stream.Append(Signal(7));
        stream.Append(new SignalEvent(PeerId.New(), SignalType.Candidate, [], 7));

        Assert.Equal(sent, stream.FindUnconfirmed(Sender, 7));
        Assert.Null(stream.FindUnconfirmed(Sender, 8));
        stream.Confirm(sent.Seq);
        Assert.Null(stream.FindUnconfirmed(Sender, 7));
    }

    [Fact]
    public void Streams_add_up_in_the_gauge_and_a_cleared_one_counts_nothing()
    {
        var gauge = new Gauge();
        var first = new SessionStream(capacity: 16, maxBytes: 1 << 20, gauge);
        var second = new SessionStream(capacity: 2, maxBytes: 1 << 20, gauge);
        for (var i = 1; i <= 5; i++)
        {
            first.Append(Signal(i));
            second.Append(Signal(i));
        }

        Assert.Equal(7, gauge.Events);
        first.Clear();
        second.StartEpoch(3);
        Assert.Equal((0L, 0L), (gauge.Events, gauge.Bytes));
    }

    private sealed class Gauge : IRetentionGauge
    {
        public long Events { get; private set; }

        public long Bytes { get; private set; }

        public void Add(long events, long bytes) => (Events, Bytes) = (Events + events, Bytes + bytes);
    }
}
