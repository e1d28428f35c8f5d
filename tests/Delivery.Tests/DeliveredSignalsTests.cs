using MeshCall.Contracts.Peers;
using MeshCall.Delivery.Session;

namespace MeshCall.Delivery.Tests;

/// <summary>Dedupe by the sender's msgId: a retry is recognised, whatever came between.</summary>
public sealed class DeliveredSignalsTests
{
    private static readonly PeerId A = PeerId.New();
    private static readonly PeerId B = PeerId.New();

    [Fact]
    public void A_retry_is_recognised_per_sender_and_unnumbered_signals_always_pass()
    {
        var delivered = new DeliveredSignals();
        Assert.True(delivered.TryAdd(A, 1));
        Assert.True(delivered.TryAdd(B, 1));
        Assert.False(delivered.TryAdd(A, 1));
        Assert.True(delivered.TryAdd(A, 0));
        Assert.True(delivered.TryAdd(A, 0));
    }

    [Fact]
    public void Out_of_order_ids_within_the_window_are_each_taken_once_and_older_ones_count_as_delivered()
    {
        var delivered = new DeliveredSignals(window: 4);
        foreach (var id in new long[] { 5, 3, 4, 6, 7, 8 })
        {
            Assert.True(delivered.TryAdd(A, id));
        }

        // 5 and 3 left the window: anything at or below the oldest forgotten id is taken for a retry.
        Assert.False(delivered.TryAdd(A, 2));
        Assert.False(delivered.TryAdd(A, 3));
        Assert.False(delivered.TryAdd(A, 7));
        Assert.True(delivered.TryAdd(A, 9));
    }

    [Fact]
    public void A_sender_that_left_is_forgotten()
    {
        var delivered = new DeliveredSignals();
        delivered.TryAdd(A, 1);
        delivered.Forget(A);
        Assert.True(delivered.TryAdd(A, 1));
    }
}
