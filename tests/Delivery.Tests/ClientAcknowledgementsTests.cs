using MeshCall.Delivery.Gateway;

namespace MeshCall.Delivery.Tests;

/// <summary>The gateway's record of a client's acks, and when its session is told before the next heartbeat.</summary>
public sealed class ClientAcknowledgementsTests
{
    [Fact]
    public void A_client_cannot_acknowledge_what_it_was_not_sent_nor_go_back()
    {
        var acks = new ClientAcknowledgements(forwardEvery: 64);
        acks.Take(seq: 500, sentUpTo: 10);
        Assert.Equal(10, acks.AckedUpTo);
        acks.Take(seq: 3, sentUpTo: 20);
        Assert.Equal(10, acks.AckedUpTo);
    }

    [Fact]
    public void The_session_is_told_at_once_only_when_enough_was_acknowledged_since_it_last_heard()
    {
        var acks = new ClientAcknowledgements(forwardEvery: 4);
        Assert.False(acks.Take(3, sentUpTo: 100));
        Assert.True(acks.Take(4, sentUpTo: 100));
        Assert.Equal(4, acks.Forward());
        Assert.False(acks.Take(7, sentUpTo: 100));
        Assert.True(acks.Take(8, sentUpTo: 100));
    }
}
