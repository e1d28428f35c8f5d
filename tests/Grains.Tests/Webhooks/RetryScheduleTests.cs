using MeshCall.Grains.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace MeshCall.Grains.Tests.Webhooks;

public sealed class RetryScheduleTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetryFor = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _time = new();
    private readonly RetrySchedule _schedule = new(First, Max, RetryFor);

    [Fact]
    public void Delays_start_short_and_double_up_to_the_cap()
    {
        var occurred = _time.GetUtcNow();
        var delays = Enumerable.Range(1, 12).Select(failures => _schedule.NextDelay(failures, occurred, occurred)!.Value).ToList();

        Assert.Equal(First, delays[0]);
        Assert.Equal(TimeSpan.FromSeconds(2), delays[1]);
        Assert.Equal(TimeSpan.FromSeconds(256), delays[8]);
        Assert.Equal(Max, delays[9]);
        Assert.Equal(Max, delays[11]);
    }

    [Fact]
    public void Retries_go_on_until_RetryFor_after_the_event_then_the_event_is_dropped()
    {
        var occurred = _time.GetUtcNow();
        var failures = 0;
        var sent = new List<DateTimeOffset> { occurred };
        while (_schedule.NextDelay(++failures, occurred, _time.GetUtcNow()) is { } delay)
        {
            _time.Advance(delay);
            if (_schedule.Expired(occurred, _time.GetUtcNow()))
            {
                break;
            }

            sent.Add(_time.GetUtcNow());
        }

        // Every try falls within the hour, the last one close to its end, and none comes after it.
        Assert.All(sent, at => Assert.True(at - occurred < RetryFor));
        Assert.True(occurred + RetryFor - sent[^1] <= Max);
        Assert.True(_schedule.Expired(occurred, _time.GetUtcNow()));
        Assert.Null(_schedule.NextDelay(failures + 1, occurred, _time.GetUtcNow()));
        Assert.InRange(sent.Count, 15, 25);
    }

    [Fact]
    public void An_event_restored_long_after_it_happened_is_dropped_without_a_try()
    {
        var occurred = _time.GetUtcNow();
        _time.Advance(RetryFor + TimeSpan.FromSeconds(1));

        Assert.True(_schedule.Expired(occurred, _time.GetUtcNow()));
        Assert.Null(_schedule.NextDelay(1, occurred, _time.GetUtcNow()));
    }

    [Fact]
    public void The_last_delay_is_cut_to_end_on_the_deadline()
    {
        var occurred = _time.GetUtcNow();
        _time.Advance(RetryFor - TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(10), _schedule.NextDelay(12, occurred, _time.GetUtcNow()));
    }
}
