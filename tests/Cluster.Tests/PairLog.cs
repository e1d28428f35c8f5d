namespace MeshCall.Cluster.Tests;

/// <summary>One sender-to-addressee pair of a <see cref="SignalingLoad"/>: how many were sent, and which arrived when.</summary>
internal sealed class PairLog
{
    public long Sent { get; set; }

    public List<(long N, TimeSpan SentAt, TimeSpan ReceivedAt)> Received { get; } = [];

    public long Missing
    {
        get
        {
            lock (this)
            {
                return Sent - Received.Select(r => r.N).Distinct().LongCount();
            }
        }
    }

    public int CountSentAfter(TimeSpan since)
    {
        lock (this)
        {
            return Received.Count(r => r.SentAt >= since);
        }
    }

    /// <summary>When the first signal sent after <paramref name="since"/> was received.</summary>
    public TimeSpan? FirstSentAfter(TimeSpan since)
    {
        lock (this)
        {
            return Received.Where(r => r.SentAt >= since).Select(r => (TimeSpan?)r.ReceivedAt).FirstOrDefault();
        }
    }
}
