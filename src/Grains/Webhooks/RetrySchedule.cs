namespace MeshCall.Grains.Webhooks;

/// <summary>When a refused event is tried again: doubling delays from the first, capped, until <c>RetryFor</c> after the event.</summary>
public sealed class RetrySchedule(TimeSpan first, TimeSpan max, TimeSpan retryFor)
{
    public RetrySchedule(WebhookOptions options)
        : this(options.FirstRetryDelay, options.MaxRetryDelay, options.RetryFor)
    {
    }

    /// <summary>Whether an event that happened at <paramref name="occurredAt"/> may still be sent at <paramref name="now"/>.</summary>
    public bool Expired(DateTimeOffset occurredAt, DateTimeOffset now) => now - occurredAt >= retryFor;

    /// <summary>
    /// The wait before try <paramref name="failures"/> + 1, after that many failures; null when the event is to be
    /// dropped. The last retry lands on the deadline itself rather than being skipped for a long delay.
    /// </summary>
    public TimeSpan? NextDelay(int failures, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        var left = occurredAt + retryFor - now;
        if (left <= TimeSpan.Zero)
        {
            return null;
        }

        // 2^20 times the first delay is past any cap the options allow.
        var backoff = first * Math.Pow(2, Math.Min(Math.Max(failures - 1, 0), 20));
        var delay = backoff < max ? backoff : max;
        return delay < left ? delay : left;
    }
}
