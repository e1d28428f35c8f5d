using MeshCall.Gateway.Sessions;
using MeshCall.Peers;

namespace MeshCall.Gateway.Tests.Ordering;

/// <summary>A connection's bounded backlog, without a socket.</summary>
public sealed class OutboundQueueTests
{
    [Fact]
    public void The_backlog_is_bounded_by_bytes_as_well_as_by_count()
    {
        var byBytes = new OutboundQueue(maxItems: 100, maxBytes: 1000);
        Assert.True(byBytes.TryEnqueue(Outbound.ForFrame(new byte[600])));
        Assert.False(byBytes.TryEnqueue(Outbound.ForFrame(new byte[600])));

        var byCount = new OutboundQueue(maxItems: 2, maxBytes: 1 << 20);
        Assert.True(byCount.TryEnqueue(Outbound.ForFrame(new byte[1])));
        Assert.True(byCount.TryEnqueue(Outbound.ForFrame(new byte[1])));
        Assert.False(byCount.TryEnqueue(Outbound.ForFrame(new byte[1])));
    }

    [Fact]
    public async Task What_the_writer_takes_is_no_longer_counted()
    {
        var queue = new OutboundQueue(maxItems: 100, maxBytes: 1000);
        Assert.True(queue.TryEnqueue(Outbound.ForFrame(new byte[600])));
        await using var reader = queue.ReadAllAsync().GetAsyncEnumerator();
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(0, queue.Bytes);
        Assert.True(queue.TryEnqueue(Outbound.ForFrame(new byte[600])));
    }

    [Fact]
    public async Task Abandoning_drops_the_backlog_and_puts_the_close_first()
    {
        var queue = new OutboundQueue(maxItems: 100, maxBytes: 1 << 20);
        var signal = new Delivery(1, new SignalEvent(PeerId.New(), SignalType.Offer, new byte[50_000]));
        for (var i = 0; i < 10; i++)
        {
            queue.TryEnqueue(Outbound.ForEvent(signal));
        }

        Assert.True(queue.Abandon(Outbound.ForAbuse(Sessions.Abuse.SlowConsumer)));
        Assert.False(queue.Abandon(Outbound.ForAbuse(Sessions.Abuse.SlowConsumer)));
        Assert.False(queue.TryEnqueue(Outbound.ForFrame(new byte[1])));
        Assert.Equal((0, 0L), (queue.Items, queue.Bytes));

        var written = new List<Outbound>();
        await foreach (var item in queue.ReadAllAsync())
        {
            written.Add(item);
        }

        Assert.Equal(Sessions.Abuse.SlowConsumer, Assert.Single(written).Abuse);
    }
}
