namespace MeshCall.Gateway.Sessions;

/// <summary>
/// A timeout as one deadline shared by everything that starts within the same <see cref="Resolution"/>: one timer
/// per window instead of one per operation (a signal's wait for the cluster, a socket write). What starts now is
/// given up between the timeout and the timeout plus the resolution later. Per operation, a timer was allocated and
/// queued for every relayed signal, and a write deadline kept a timer for every idle connection.
/// </summary>
public sealed class SharedDeadlines(TimeSpan timeout, TimeProvider time)
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private CancellationTokenSource? _current;
    private long _currentWindow = -1;

    /// <summary>A token cancelled once what starts now has waited long enough.</summary>
    public CancellationToken Token()
    {
        var window = time.GetTimestamp() * TimeSpan.TicksPerSecond / time.TimestampFrequency / Resolution.Ticks;
        lock (_lock)
        {
            if (window != _currentWindow || _current is null)
            {
                // The previous window's source cancels on its own timer and is then garbage: nothing disposes it,
                // since what started in that window may still be waiting on its token.
                _current = new CancellationTokenSource(timeout + Resolution, time);
                _currentWindow = window;
            }

            return _current.Token;
        }
    }
}
