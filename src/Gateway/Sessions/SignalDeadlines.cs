namespace MeshCall.Gateway.Sessions;

/// <summary>
/// How long a signal waits for the cluster (<c>Gateway:SignalTimeout</c>), as one deadline shared by every signal
/// that starts within the same <see cref="Resolution"/>: one timer per window instead of one per signal. A signal
/// times out between the timeout and the timeout plus the resolution after it started.
/// </summary>
public sealed class SignalDeadlines(TimeSpan timeout, TimeProvider time)
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private CancellationTokenSource? _current;
    private long _currentWindow = -1;

    /// <summary>A token cancelled once a signal starting now has waited long enough.</summary>
    public CancellationToken Token()
    {
        var window = time.GetTimestamp() * TimeSpan.TicksPerSecond / time.TimestampFrequency / Resolution.Ticks;
        lock (_lock)
        {
            if (window != _currentWindow || _current is null)
            {
                // The previous window's source cancels on its own timer and is then garbage: nothing disposes it,
                // since signals of that window may still be waiting on its token.
                _current = new CancellationTokenSource(timeout + Resolution, time);
                _currentWindow = window;
            }

            return _current.Token;
        }
    }
}
