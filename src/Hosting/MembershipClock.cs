using System.Diagnostics;

namespace MeshCall.Hosting;

/// <summary>
/// The clock of Orleans' membership and its watchdog (the keyed <see cref="TimeProvider"/>
/// <see cref="TimeProviderNames.Membership"/>): the system's, with timestamps counted from when the silo first asked for it
/// (as it starts) instead of from the machine's boot.
/// </summary>
/// <remarks>
/// Orleans' Watchdog starts its platform thread before it stamps the participant check's first timestamp. When that
/// thread runs first (often, on two cores), it measures from timestamp 0: with the system clock that is the machine's
/// uptime, so a clean start warned "Participant check thread has not completed for 00:33:47" and recorded a stall in
/// the silo's health score. Counted from the silo's start, that first reading is the moment since, well under the
/// watchdog's threshold, and every later one is what it was: timestamps only ever meet within this process.
/// </remarks>
public sealed class MembershipClock : TimeProvider
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    public override long GetTimestamp() => Stopwatch.GetTimestamp() - _origin;
}
