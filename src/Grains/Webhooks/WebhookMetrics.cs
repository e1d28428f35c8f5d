using System.Diagnostics.Metrics;

namespace MeshCall.Grains.Webhooks;

/// <summary>Webhook deliveries of this silo, on the silo's meter (<c>meshcall_webhooks_*</c> at <c>/metrics</c>).</summary>
public sealed class WebhookMetrics
{
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _failed;
    private long _pending;

    public WebhookMetrics(IMeterFactory meters)
    {
        // The factory hands out the silo's one meter of this name, which SiloMetrics owns and disposes.
        var meter = meters.Create(SiloMetrics.MeterName);
        _delivered = meter.CreateCounter<long>("meshcall.webhooks.delivered", description: "Webhook events a receiver accepted (2xx), per URL");
        _retried = meter.CreateCounter<long>("meshcall.webhooks.retried", description: "Webhook sends that failed (non-2xx or no answer within 5 s) and will be tried again");
        _failed = meter.CreateCounter<long>("meshcall.webhooks.failed", description: "Webhook events dropped, per URL, after Webhooks:RetryFor without being accepted");
        meter.CreateObservableGauge("meshcall.webhooks.pending", () => Interlocked.Read(ref _pending), description: "Webhook events this silo is sending or waiting to send, per URL");
    }

    public void Delivered() => _delivered.Add(1);

    public void Retried() => _retried.Add(1);

    public void Failed() => _failed.Add(1);

    public void Pending(int change) => Interlocked.Add(ref _pending, change);
}
