using MeshCall.Delivery.Gateway;

namespace MeshCall.Delivery.Tests;

/// <summary>A connection's bounded backlog, without a socket.</summary>
public sealed class OutboundQueueTests
{
    [Fact]
    public void The_backlog_is_bounded_by_bytes_as_well_as_by_count()
    {
        var byBytes = new OutboundQueue<Item>(maxItems: 100, maxBytes: 1000);
        Assert.True(byBytes.TryEnqueue(Item.Of(600)));
        Assert.False(byBytes.TryEnqueue(Item.Of(600)));

        var byCount = new OutboundQueue<Item>(maxItems: 2, maxBytes: 1 << 20);
        Assert.True(byCount.TryEnqueue(Item.Of(1)));
        Assert.True(byCount.TryEnqueue(Item.Of(1)));
        Assert.False(byCount.TryEnqueue(Item.Of(1)));
    }

    [Fact]
    public async Task What_the_writer_takes_is_no_longer_counted()
    {
        var queue = new OutboundQueue<Item>(maxItems: 100, maxBytes: 1000);
        Assert.True(queue.TryEnqueue(Item.Of(600)));
        await using var reader = queue.ReadAllAsync().GetAsyncEnumerator();
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(0, queue.Bytes);
        Assert.True(queue.TryEnqueue(Item.Of(600)));
    }

    [Fact]
    public async Task Abandoning_drops_the_backlog_and_puts_the_close_first()
    {
        var queue = new OutboundQueue<Item>(maxItems: 100, maxBytes: 1 << 20);
        for (var i = 0; i < 10; i++)
        {
            queue.TryEnqueue(Item.Of(50_000));
        }

        Assert.True(queue.Abandon(Item.Closing("too slow")));
        Assert.False(queue.Abandon(Item.Closing("again")));
        Assert.False(queue.TryEnqueue(Item.Of(1)));
        Assert.Equal((0, 0L), (queue.Items, queue.Bytes));

        var written = new List<Item>();
        await foreach (var item in queue.ReadAllAsync())
        {
            written.Add(item);
        }

        Assert.Equal("too slow", Assert.Single(written).Why);
    }

    [Fact]
    public void A_close_is_queued_past_every_bound()
    {
        var queue = new OutboundQueue<Item>(maxItems: 1, maxBytes: 10);
        Assert.False(queue.TryEnqueue(Item.Of(100)));
        queue.EnqueueClose(Item.Closing("bye"));
        Assert.Equal(1, queue.Items);
    }

    public readonly record struct Item(int Bytes, bool Close, string? Why) : IQueuedItem
    {
        public static Item Of(int bytes) => new(bytes, false, null);

        public static Item Closing(string why) => new(0, true, why);
    }
}
