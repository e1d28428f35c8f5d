using MeshCall.Contracts.Gateways;

namespace MeshCall.Grains.Gateways;

internal static partial class GatewayPushLog
{
    [LoggerMessage(300, LogLevel.Information, "Push of {Count} events to gateway {Gateway} got no answer within {Wait}")]
    public static partial void Unanswered(ILogger logger, int count, string gateway, TimeSpan wait);

    [LoggerMessage(301, LogLevel.Information, "Push of {Count} events to gateway {Gateway} failed")]
    public static partial void Failed(ILogger logger, Exception exception, int count, string gateway);
}
