namespace MeshCall.Grains.Webhooks;

internal static partial class WebhookLog
{
    [LoggerMessage(400, LogLevel.Warning, "Webhook {Id} of room {Room} dropped: {Url} did not accept it within {RetryFor}")]
    public static partial void Dropped(ILogger logger, string id, string room, string url, TimeSpan retryFor);

    [LoggerMessage(401, LogLevel.Information, "Webhook {Id} of room {Room} not accepted by {Url} ({Outcome}); retry in {Delay}")]
    public static partial void Retrying(ILogger logger, string id, string room, string url, string outcome, TimeSpan delay);

    [LoggerMessage(402, LogLevel.Warning, "Room {Room} could not be told that webhook {Id} is settled for {Url}; it is sent again when the room hands it over")]
    public static partial void SettleFailed(ILogger logger, Exception exception, string room, string id, string url);

    [LoggerMessage(404, LogLevel.Warning, "Webhook {Id} of room {Room} dropped for {Url}: the room owed more than Webhooks:MaxPendingPerRoom ({Bound}) events")]
    public static partial void Overflowed(ILogger logger, string id, string room, string url, int bound);

    [LoggerMessage(403, LogLevel.Warning, "Room {Room} could not register or remove the reminder that wakes it while it owes webhook events")]
    public static partial void ReminderFailed(ILogger logger, Exception exception, string room);
}
