using System.Security.Cryptography;
using MeshCall.Testing;

namespace MeshCall.Cluster.Tests;

/// <summary>
/// A cluster for the application-integration tests (webhooks, room settings, attributes): two silos that send
/// webhooks to a receiver in this process, with reminders in this cluster's Redis, and two gateways. Its own, so
/// the shared <see cref="ClusterFixture"/> (placement, failover under load…) runs without either.
/// </summary>
public sealed class IntegrationClusterFixture : ClusterFixture
{
    private readonly string _webhookSecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private WebhookReceiver? _webhooks;

    /// <summary>The application backend every silo sends its webhooks to.</summary>
    public WebhookReceiver Webhooks => _webhooks ?? throw new InvalidOperationException("The cluster did not start.");

    /// <summary>Two: one to kill, one to take its rooms.</summary>
    protected override int SiloCount => 2;

    protected override IEnumerable<string> SiloArguments =>
    [
        $"--Webhooks:Urls:0={Webhooks.Url}", $"--Webhooks:Secret={_webhookSecret}",
        "--Webhooks:FirstRetryDelay=00:00:00.200", "--Webhooks:MaxRetryDelay=00:00:01", "--Webhooks:WakePeriod=00:00:05",
    ];

    public override async Task InitializeAsync()
    {
        // The silos are given its address when they start.
        _webhooks = await WebhookReceiver.StartAsync(_webhookSecret);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Interlocked.Exchange(ref _webhooks, null) is { } webhooks)
        {
            await webhooks.DisposeAsync();
        }
    }
}
