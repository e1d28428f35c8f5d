using Microsoft.Extensions.Options;

namespace MeshCall.Grains.Webhooks;

/// <summary>
/// Sends the webhook events rooms hand it, one silo-wide service so a room's turns never wait on a receiver: per
/// room and URL one event at a time, in order, each retried until accepted or past <c>Webhooks:RetryFor</c>; then
/// the room is told, and drops it from its stored outbox.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly Dictionary<(string Room, string Url), WebhookLane> _lanes = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly IGrainFactory _grains;
    private readonly WebhookPost _post;
    private readonly RetrySchedule _schedule;
    private readonly WebhookMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookSender> _logger;
    private readonly TimeSpan _retryFor;

    public WebhookSender(IOptions<WebhookOptions> options, IGrainFactory grains, WebhookPost post, WebhookMetrics metrics, TimeProvider time, ILogger<WebhookSender> logger)
    {
        var settings = options.Value;
        _grains = grains;
        _post = post;
        _schedule = new RetrySchedule(settings);
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _retryFor = settings.RetryFor;
        Events = settings.Enabled ? new WebhookEvents([.. settings.Urls], time) : null;
    }

    /// <summary>What renders a room's events; null when webhooks are off, and rooms then queue none.</summary>
    public WebhookEvents? Events { get; }

    /// <summary>Queues events of <paramref name="room"/> that are not queued already; returns at once.</summary>
    public void Send(string room, IEnumerable<PendingWebhook> webhooks)
    {
        lock (_lanes)
        {
            foreach (var webhook in webhooks)
            {
                foreach (var url in webhook.Urls)
                {
                    Queue(room, url, webhook);
                }
            }
        }
    }

    /// <summary>
    /// A room dropped <paramref name="webhook"/> from its outbox to stay within its bound: it is not sent to any URL
    /// that has not got it yet, and counts as failed there. One being sent right now still goes.
    /// </summary>
    public void Forget(string room, PendingWebhook webhook, int bound)
    {
        lock (_lanes)
        {
            foreach (var url in webhook.Urls)
            {
                if (_lanes.TryGetValue((room, url), out var lane))
                {
                    if (lane.Sending(webhook.Id))
                    {
                        continue;
                    }

                    if (lane.Drop(webhook.Id))
                    {
                        _metrics.Pending(-1);
                    }
                }

                _metrics.Failed();
                WebhookLog.Overflowed(_logger, webhook.Id, room, url, bound);
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void Queue(string room, string url, PendingWebhook webhook)
    {
        if (!_lanes.TryGetValue((room, url), out var lane))
        {
            lane = new WebhookLane(room, url);
            _lanes.Add((room, url), lane);
        }

        if (!lane.Offer(webhook))
        {
            return;
        }

        _metrics.Pending(1);
        if (!lane.Running)
        {
            lane.Running = true;
            // Off the calling room's scheduler: the loop's awaits must not queue work on the grain.
            _ = Task.Run(() => RunAsync(lane));
        }
    }

    private async Task RunAsync(WebhookLane lane)
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            PendingWebhook next;
            lock (_lanes)
            {
                if (!lane.TryPeek(out next))
                {
                    lane.Running = false;
                    _lanes.Remove((lane.Room, lane.Url));
                    return;
                }
            }

            try
            {
                await DeliverAsync(lane, next, stopping);
                await TellRoomAsync(lane, next);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // The silo is stopping: the room still stores the event, and its next silo sends it.
                return;
            }

            lock (_lanes)
            {
                lane.Settle();
            }

            _metrics.Pending(-1);
        }
    }

    /// <summary>Returns once the event was accepted, or dropped after <c>Webhooks:RetryFor</c>.</summary>
    private async Task DeliverAsync(WebhookLane lane, PendingWebhook webhook, CancellationToken stopping)
    {
        for (var failures = 0; ; failures++)
        {
            if (_schedule.Expired(webhook.OccurredAt, _time.GetUtcNow()))
            {
                break;
            }

            var refusal = await _post.SendAsync(lane.Url, webhook, stopping);
            if (refusal is null)
            {
                _metrics.Delivered();
                return;
            }

            if (_schedule.NextDelay(failures + 1, webhook.OccurredAt, _time.GetUtcNow()) is not { } delay)
            {
                break;
            }

            _metrics.Retried();
            WebhookLog.Retrying(_logger, webhook.Id, lane.Room, lane.Url, refusal, delay);
            await Task.Delay(delay, _time, stopping);
        }

        _metrics.Failed();
        WebhookLog.Dropped(_logger, webhook.Id, lane.Room, lane.Url, _retryFor);
    }

    private async Task TellRoomAsync(WebhookLane lane, PendingWebhook webhook)
    {
        try
        {
            await _grains.GetGrain<IRoomWebhooks>(lane.Room).SettledAsync(webhook.Id, lane.Url);
        }
        catch (Exception ex)
        {
            // The room keeps the event and hands it over again when it next wakes: sent twice, never lost.
            WebhookLog.SettleFailed(_logger, ex, lane.Room, webhook.Id, lane.Url);
        }
    }
}
