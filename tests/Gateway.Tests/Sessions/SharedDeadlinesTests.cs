using MeshCall.Gateway.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace MeshCall.Gateway.Tests.Sessions;

/// <summary>A timeout as a deadline shared by what starts in one short window, on a driven clock.</summary>
public sealed class SharedDeadlinesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    [Fact]
    public void Operations_of_one_window_share_a_deadline_and_the_next_window_gets_its_own()
    {
        var time = new FakeTimeProvider();
        var deadlines = new SharedDeadlines(Timeout, time);
        var first = deadlines.Token();
        Assert.Equal(first, deadlines.Token());

        time.Advance(SharedDeadlines.Resolution);
        Assert.NotEqual(first, deadlines.Token());
    }

    [Fact]
    public void An_operation_is_given_up_no_sooner_than_the_timeout_and_no_later_than_one_window_after_it()
    {
        var time = new FakeTimeProvider();
        var deadlines = new SharedDeadlines(Timeout, time);
        time.Advance(SharedDeadlines.Resolution / 2);
        var token = deadlines.Token();

        time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.False(token.IsCancellationRequested);
        time.Advance(SharedDeadlines.Resolution + TimeSpan.FromMilliseconds(1));
        Assert.True(token.IsCancellationRequested);
    }
}
