namespace MeshCall.Gateway.Tests.Backpressure;

/// <summary>
/// A gateway with a small outbound bound (16 of the largest signals) and a write deadline far longer than any
/// test step, so what closes a client that does not read is the bound, not the deadline.
/// </summary>
public sealed class SlowConsumerGateway : EmbeddedGateway
{
    public const long MaxQueuedBytes = 1024 * 1024;
    public const long MaxBufferedBytes = 512 * 1024;

    protected override IEnumerable<string> Settings =>
    [
        $"--Gateway:MaxQueuedBytes={MaxQueuedBytes}", "--Gateway:WriteTimeout=00:01:00",
        $"--Limits:MaxBufferedBytes={MaxBufferedBytes}",
    ];
}
