namespace MeshCall.Grains.Webhooks;

/// <summary>
/// The events of one room still to go to one URL, in the order they happened. The head stays queued until the
/// room has been told it is settled, so a room handing its outbox over again meanwhile does not queue it twice.
/// </summary>
/// <remarks>Not thread-safe: the sender guards its lanes with one lock.</remarks>
internal sealed class WebhookLane(string room, string url)
{
    private readonly Queue<PendingWebhook> _queue = new();
    private readonly HashSet<string> _queued = [];

    public string Room { get; } = room;

    public string Url { get; } = url;

    /// <summary>Whether a loop is sending this lane's events.</summary>
    public bool Running { get; set; }

    /// <summary>Queues an event unless it already is; false for a duplicate.</summary>
    public bool Offer(PendingWebhook webhook)
    {
        if (!_queued.Add(webhook.Id))
        {
            return false;
        }

        _queue.Enqueue(webhook);
        return true;
    }

    public bool TryPeek(out PendingWebhook webhook) => _queue.TryPeek(out webhook!);

    public void Settle()
    {
        var settled = _queue.Dequeue();
        _queued.Remove(settled.Id);
    }
}
