using System.Net;
using System.Threading.RateLimiting;
using MeshCall.Gateway.Sessions;
using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Security;

/// <summary>
/// The per-message limits ASP.NET Core's rate-limiting middleware cannot apply (it sees only the upgrade):
/// requests per connection (a token bucket), fresh joins per address, and failed resumes per address,
/// throttled like failed logins (IPv6 addresses count by their /64). System.Threading.RateLimiting partitioned limiters, one timer for all.
/// </summary>
public sealed class RequestLimits(IOptions<LimitsOptions> options) : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _requests = PartitionedRateLimiter.Create<string, string>(connection =>
        RateLimitPartition.GetTokenBucketLimiter(connection, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.RequestBurst,
            TokensPerPeriod = Math.Max(1, options.Value.RequestsPerSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = 0,
        }));

    private readonly PartitionedRateLimiter<IPAddress> _joins = PerMinute(() => options.Value.JoinsPerMinutePerIp);
    private readonly PartitionedRateLimiter<IPAddress> _failedResumes = PerMinute(() => options.Value.FailedResumesPerMinutePerIp);

    public bool TryRequest(string connectionId)
    {
        using var lease = _requests.AttemptAcquire(connectionId);
        return lease.IsAcquired;
    }

    public bool TryJoin(IPAddress address)
    {
        using var lease = _joins.AttemptAcquire(ClientAddress.Key(address));
        return lease.IsAcquired;
    }

    /// <summary>Counts a failed resume from this address; false once its failures this minute are used up.</summary>
    public bool ResumeFailed(IPAddress address)
    {
        using var lease = _failedResumes.AttemptAcquire(ClientAddress.Key(address));
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _requests.Dispose();
        _joins.Dispose();
        _failedResumes.Dispose();
    }

    private static PartitionedRateLimiter<IPAddress> PerMinute(Func<int> limit) =>
        PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => limit() > 0
            ? RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions { PermitLimit = limit(), Window = Minute, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(address));
}
