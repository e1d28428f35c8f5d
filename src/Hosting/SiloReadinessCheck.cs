using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MeshCall.Hosting;

/// <summary>Ready once this silo is <see cref="SiloStatus.Active"/> in the cluster's membership.</summary>
public sealed class SiloReadinessCheck(IClusterMembershipService membership, ILocalSiloDetails local) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("silo active")
            : HealthCheckResult.Unhealthy($"silo {status}"));
    }
}
