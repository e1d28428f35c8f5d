using MeshCall.Gateway.Sessions;

namespace MeshCall.Gateway.Tests;

/// <summary>
/// Gateways spread heartbeats over the interval in slices. A session must get exactly one per round whatever the
/// ticks do: its grain ends it after three missed, and a busy or paused gateway ticks late.
/// </summary>
public sealed class SessionHeartbeatSliceTests
{
    private static int[] Due(long first, long last) =>
        [.. Enumerable.Range(0, SessionHeartbeat.Slices).Where(slice => SessionHeartbeat.IsDue(slice, first, last))];

    [Fact]
    public void A_tick_on_time_takes_one_slice() => Assert.Equal([3], Due(23, 23));

    [Fact]
    public void A_late_tick_takes_every_slice_it_skipped_across_the_round() => Assert.Equal([0, 1, 8, 9], Due(18, 21));

    [Fact]
    public void A_pause_longer_than_a_round_takes_every_slice_once() => Assert.Equal(Enumerable.Range(0, SessionHeartbeat.Slices), Due(41, 50));

    [Fact]
    public void Every_session_has_its_turn_once_per_round()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        for (long tick = 100; tick < 100 + SessionHeartbeat.Slices; tick++)
        {
            ids.RemoveAll(id => SessionHeartbeat.IsDue(SessionHeartbeat.SliceOf(id), tick, tick));
        }

        Assert.Empty(ids);
    }
}
