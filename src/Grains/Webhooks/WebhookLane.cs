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

    /// <summary>
    /// Takes a queued event out, unless it is the head: that one is being sent (or waiting to be retried) and settles as
    /// usual. False when it was not taken out.
    /// </summary>
    public bool Drop(string id)
    {
        if (!_queued.Contains(id) || (_queue.TryPeek(out var head) && head.Id == id))
        {
            return false;
        }

        var rest = _queue.Where(w => w.Id != id).ToList();
        _queue.Clear();
        rest.ForEach(_queue.Enqueue);
        _queued.Remove(id);
        return true;
    }

    /// <summary>Whether <paramref name="id"/> is the event being sent now.</summary>
    public bool Sending(string id) => _queue.TryPeek(out var head) && head.Id == id;

    public void Settle()
    {
        var settled = _queue.Dequeue();
        _queued.Remove(settled.Id);
    }
}
