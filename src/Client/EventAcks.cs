namespace MeshCall.Client;

/// <summary>
/// When to acknowledge events (PROTOCOL.md <c>ack</c>): the server keeps a session's events for a resume until they
/// are acknowledged, and an ack spends the connection's request budget like any frame. So at most one goes out per
/// <see cref="Delay"/>: the first event handled and not yet acknowledged arms one timer, and when it fires the highest
/// <c>seq</c> handled so far is acknowledged. Nothing is acknowledged that was not handled, nor after <see cref="Stop"/>.
/// </summary>
/// <remarks>Also compiled into the benchmark's MeshCall adapters, which speak the protocol without this library.</remarks>
internal sealed class EventAcks : IDisposable
{
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private readonly Action<long> _send;
    private readonly ITimer _timer;
    private long _handled;
    private long _acked;
    private bool _armed;
    private bool _stopped;

    /// <param name="send">Hands <c>{"op":"ack","seq":N}</c> to the connection without waiting (an ack is never answered); it must not block.</param>
    public EventAcks(Action<long> send, TimeProvider time)
    {
        _send = send;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The event numbered <paramref name="seq"/> has been handled.</summary>
    public void Handled(long seq)
    {
        lock (_lock)
        {
            if (_stopped || seq <= _handled)
            {
                return;
            }

            _handled = seq;
            if (!_armed)
            {
                _armed = true;
                _timer.Change(Delay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>After a leave or a close nothing more is acknowledged.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        Stop();
        _timer.Dispose();
    }

    private void Fire()
    {
        // Sent under the lock, so an ack is never handed over after Stop (and so after the leave that follows it).
        lock (_lock)
        {
            _armed = false;
            if (_stopped || _handled <= _acked)
            {
                return;
            }

            _acked = _handled;
            _send(_acked);
        }
    }
}
