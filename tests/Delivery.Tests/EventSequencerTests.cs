using MeshCall.Contracts.Peers;
using MeshCall.Delivery.Gateway;

namespace MeshCall.Delivery.Tests;

/// <summary>The gateway's ordering of one session's events, without a cluster.</summary>
public sealed class EventSequencerTests
{
    private static readonly PeerId Sender = PeerId.New();

    [Fact]
    public void Events_that_overtake_each_other_come_out_in_order_once()
    {
        var sequencer = new EventSequencer(maxGap: 16, maxBytes: 1 << 20);
        Assert.Empty(sequencer.Release(1));
        Assert.Empty(sequencer.Accept(Signal(2)));
        Assert.Equal([1, 2], Seqs(sequencer.Accept(Signal(1))));
        Assert.Empty(sequencer.Accept(Signal(2)));
        Assert.Equal(2, sequencer.ReceivedUpTo);
    }

    [Fact]
    public void A_gap_with_more_events_behind_it_than_allowed_is_reported_as_dropped_not_skipped_silently()
    {
        var sequencer = new EventSequencer(maxGap: 4, maxBytes: 1 << 20);
        sequencer.Release(1);
        Assert.Equal([1], Seqs(sequencer.Accept(Signal(1))));
        for (var seq = 4; seq <= 7; seq++)
        {
            Assert.Empty(sequencer.Accept(Signal(seq)));
        }

        var due = sequencer.Accept(Signal(8))!;
        var dropped = Assert.IsType<EventsDroppedEvent>(due[0].Event);
        Assert.Equal(2, dropped.Count);
        Assert.Equal([3, 4, 5, 6, 7, 8], Seqs(due));

        // The missing two come late: they are not delivered out of order.
        Assert.Empty(sequencer.Accept(Signal(2)));
        Assert.Equal(8, sequencer.ReceivedUpTo);
    }

    [Fact]
    public void A_gap_is_given_up_once_the_bytes_waiting_behind_it_pass_the_bound()
    {
        var sequencer = new EventSequencer(maxGap: 1024, maxBytes: 100_000);
        sequencer.Release(1);
        Assert.Empty(sequencer.Accept(Signal(2, bytes: 60_000)));
        var due = sequencer.Accept(Signal(3, bytes: 60_000))!;
        Assert.Equal(1, Assert.IsType<EventsDroppedEvent>(due[0].Event).Count);
        Assert.Equal([1, 2, 3], Seqs(due));
    }

    private static NumberedEvent Signal(long seq, int bytes = 10) => new(seq, new SignalEvent(Sender, SignalType.Candidate, new byte[bytes], seq));

    private static long[] Seqs(IReadOnlyList<NumberedEvent> due) => [.. due.Select(d => d.Seq)];
}
