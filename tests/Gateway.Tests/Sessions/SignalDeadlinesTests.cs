using MeshCall.Gateway.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace MeshCall.Gateway.Tests.Sessions;

/// <summary>The signal timeout as a deadline shared by the signals of one short window, on a driven clock.</summary>
public sealed class SignalDeadlinesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    [Fact]
    public void Signals_of_one_window_share_a_deadline_and_the_next_window_gets_its_own()
    {
        var time = new FakeTimeProvider();
        var deadlines = new SignalDeadlines(Timeout, time);
        var first = deadlines.Token();
        Assert.Equal(first, deadlines.Token());

        time.Advance(SignalDeadlines.Resolution);
        Assert.NotEqual(first, deadlines.Token());
    }

    [Fact]
    public void A_signal_is_given_up_no_sooner_than_the_timeout_and_no_later_than_one_window_after_it()
    {
        var time = new FakeTimeProvider();
        var deadlines = new SignalDeadlines(Timeout, time);
        time.Advance(SignalDeadlines.Resolution / 2);
        var token = deadlines.Token();

        time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.False(token.IsCancellationRequested);
        time.Advance(SignalDeadlines.Resolution + TimeSpan.FromMilliseconds(1));
        Assert.True(token.IsCancellationRequested);
    }
}
