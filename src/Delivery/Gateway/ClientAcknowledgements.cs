namespace MeshCall.Delivery.Gateway;

/// <summary>
/// What a connection's client has acknowledged (its <c>ack</c> ops), and when that is worth telling its session
/// before the next heartbeat: a session under steady traffic should not keep a heartbeat interval of events.
/// </summary>
public sealed class ClientAcknowledgements(int forwardEvery = 64)
{
    private long _forwarded;

    /// <summary>The last seq the client acknowledged, never beyond what it was sent.</summary>
    public long AckedUpTo { get; private set; }

    /// <summary>
    /// Takes an ack of <paramref name="seq"/>, clamped to <paramref name="sentUpTo"/> (a client cannot acknowledge what
    /// it was not sent). True when <see cref="forwardEvery"/> events have been acknowledged since the session last heard.
    /// </summary>
    public bool Take(long seq, long sentUpTo)
    {
        var upTo = Math.Min(seq, sentUpTo);
        if (upTo <= AckedUpTo)
        {
            return false;
        }

        AckedUpTo = upTo;
        return AckedUpTo - _forwarded >= forwardEvery;
    }

    /// <summary>What to tell the session now; counted as told.</summary>
    public long Forward() => _forwarded = AckedUpTo;
}
