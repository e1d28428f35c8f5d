using System.Net.WebSockets;
using System.Threading.Channels;

namespace MeshCall.Client;

/// <summary>
/// A place in a room that outlives connections: when the socket drops (a gateway dies or shuts down) it
/// reconnects with jittered backoff over <see cref="MeshCallSessionOptions.Urls"/> and resumes with the same
/// peer id, asking only for the events after the last it saw, and acknowledges what it has taken (at most once per
/// 250 ms) so the server need not keep it for a resume. Signals carry a number and are retried until
/// acknowledged, so one awaited after another reaches its peer once and in order across any of that. An
/// <c>unavailable</c> or <c>rate-limited</c> answer to a join, resume or signal is tried again after a growing backoff.
/// </summary>
public sealed partial class MeshCallSession : IAsyncDisposable
{
    private readonly MeshCallSessionOptions _options;
    private readonly Channel<MeshEvent> _events;
    private readonly CancellationTokenSource _stop = new();
    private readonly EventAcks _acks;
    private readonly SessionLink _link;
    private readonly SessionRoster _roster = new();
    private Task? _pumping;
    private long _lastSeq;
    private long _nextMsgId;
    private long _droppedEvents;

    private MeshCallSession(MeshCallSessionOptions options)
    {
        _options = options;
        _link = new SessionLink(options);
        _acks = new EventAcks(SendAck, options.TimeProvider);
        _events = Channel.CreateBounded<MeshEvent>(
            new BoundedChannelOptions(options.EventCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true },
            _ => Interlocked.Increment(ref _droppedEvents));
    }

    /// <summary>
    /// Everything pushed, across connections, in order and each once (events carry a <c>seq</c>). At most
    /// <see cref="MeshCallSessionOptions.EventCapacity"/> wait unread: past that the oldest is dropped (see <see cref="DroppedEvents"/>).
    /// </summary>
    public ChannelReader<MeshEvent> Events => _events.Reader;

    /// <summary>
    /// Messages dropped unread because <see cref="Events"/> was full (the typed events had them all), or, while a
    /// handler held up the session, because a connection's own channel was: those the typed events missed too.
    /// </summary>
    public long DroppedEvents => Interlocked.Read(ref _droppedEvents) + _link.DroppedEvents;

    public JoinedRoom? Joined { get; private set; }

    public string? PeerId => Joined?.PeerId;

    /// <summary>How many times the session was resumed on a new connection.</summary>
    public int Resumes { get; private set; }

    /// <summary>The URL of the gateway the session is on now.</summary>
    public Uri? Gateway => _link.Gateway;

    /// <summary>Why the session ended for good (resume refused, kicked, replaced), if it has.</summary>
    public Exception? Ended { get; private set; }

    public static async Task<MeshCallSession> JoinAsync(MeshCallSessionOptions options, CancellationToken cancellation = default)
    {
        if (options.Urls.Count == 0)
        {
            throw new ArgumentException("at least one gateway URL is needed", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.EventCapacity, 1, nameof(options));

        var session = new MeshCallSession(options);
        session.Joined = await session._link.ConnectAsync(resume: false, lastSeq: 0, cancellation);
        session._roster.Reset(session.Joined);
        session._pumping = session.PumpAsync();
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _acks.Dispose();
        if (_link.Current is { } client)
        {
            await client.DisposeAsync();
        }

        if (_pumping is not null)
        {
            await _pumping;
        }

        _stop.Dispose();
    }

    /// <summary>Forwards each connection's events in turn, dropping replays already seen; reconnects when one ends.</summary>
    private async Task PumpAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _link.CurrentAsync(_stop.Token);
                var closedReason = await ForwardAsync(client);
                if (_stop.IsCancellationRequested || closedReason is "kicked" or "replaced")
                {
                    Ended ??= new MeshCallException("closed", closedReason ?? "left");
                    return;
                }

                _link.Lost(client);
                await client.DisposeAsync();
                Joined = await _link.ConnectAsync(resume: true, _lastSeq, _stop.Token);
                _roster.Reset(Joined);
                Resumes++;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Ended = ex;
            _link.Fail(ex);
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        finally
        {
            _acks.Stop();
            _events.Writer.TryComplete(Ended);
        }
    }

    /// <summary>Forwards until the connection ends; returns the reason of a <c>closed</c> message, if one came.</summary>
    private async Task<string?> ForwardAsync(MeshCallClient client)
    {
        string? closedReason = null;
        await foreach (var evt in client.Events.ReadAllAsync())
        {
            if (evt.Body.TryGetProperty("id", out _))
            {
                // A reply that came after its signal was cancelled: the caller gave up on it, and it is no event.
                continue;
            }

            if (evt.Op == "closed")
            {
                closedReason = evt.Body.TryGetProperty("reason", out var reason) ? reason.GetString() : null;
                continue;
            }

            long? taken = null;
            if (evt.Body.TryGetProperty("seq", out var seqElement) && seqElement.TryGetInt64(out var seq))
            {
                if (seq <= _lastSeq)
                {
                    continue;
                }

                taken = _lastSeq = seq;
            }

            // Before anyone hears of it, so a handler or a reader of Events finds the view already up to date.
            _roster.Apply(evt);
            _events.Writer.TryWrite(evt);
            if (taken is { } handled)
            {
                // Handled as far as the session goes: on Events for the application, and never asked for again.
                _acks.Handled(handled);
            }

            RaiseTypedEvent(evt);
        }

        return closedReason;
    }

    /// <summary>Hands an ack to the connection of the moment; one lost with a dropped connection is made good by the resume's <c>lastSeq</c>.</summary>
    private void SendAck(long seq)
    {
        if (_link.Current is { } client)
        {
            _ = AckQuietlyAsync(client, seq);
        }
    }

    private static async Task AckQuietlyAsync(MeshCallClient client, long seq)
    {
        try
        {
            await client.AckAsync(seq);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is going or gone; the pump resumes on a new one.
        }
    }
}
