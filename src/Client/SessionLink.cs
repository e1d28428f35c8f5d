using System.Net.WebSockets;

namespace MeshCall.Client;

/// <summary>
/// A session's connection of the moment: opened over the gateway URLs in turn with jittered backoff, joined or
/// resumed, and replaced when it ends. Requests wait here for one while the session is between connections.
/// </summary>
internal sealed class SessionLink(MeshCallSessionOptions options)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource<MeshCallClient> _connected = NewConnected();
    private MeshCallClient? _client;
    private string? _resumeToken;
    private int _nextUrl;
    private long _droppedByEndedConnections;

    /// <summary>The URL of the gateway the session is on now.</summary>
    public Uri? Gateway { get; private set; }

    /// <summary>The connection of the moment, if there is one.</summary>
    public MeshCallClient? Current
    {
        get
        {
            lock (_lock)
            {
                return _client;
            }
        }
    }

    /// <summary>Messages the connections dropped because their own channels were full, ended ones included.</summary>
    public long DroppedEvents
    {
        get
        {
            lock (_lock)
            {
                return _droppedByEndedConnections + (_client?.DroppedEvents ?? 0);
            }
        }
    }

    /// <summary>An answer that means "not now": the same request may succeed later, or on another gateway.</summary>
    public static bool IsTransient(Exception error) => error is MeshCallException { Code: "unavailable" or "rate-limited" };

    public TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(options.MaxBackoff.TotalMilliseconds, options.MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    /// <summary>The connection of the moment, once there is one.</summary>
    public Task<MeshCallClient> CurrentAsync(CancellationToken cancellation)
    {
        lock (_lock)
        {
            return _connected.Task.WaitAsync(cancellation);
        }
    }

    /// <summary>
    /// Connects to the next URL and joins, or resumes after <paramref name="lastSeq"/>; tries URLs with backoff until
    /// one answers or <see cref="MeshCallSessionOptions.GiveUpAfter"/> has passed.
    /// </summary>
    public async Task<JoinedRoom> ConnectAsync(bool resume, long lastSeq, CancellationToken cancellation)
    {
        var deadline = DateTimeOffset.UtcNow + options.GiveUpAfter;
        for (var attempt = 0; ; attempt++)
        {
            var url = options.Urls[_nextUrl++ % options.Urls.Count];
            MeshCallClient? client = null;
            try
            {
                client = await MeshCallClient.ConnectAsync(url, new MeshCallClientOptions { EventCapacity = options.EventCapacity }, cancellation);
                client.WaitingInLobby += options.WaitingInLobby;
                var joined = await client.JoinAsync(options.Room, options.Name, resume ? _resumeToken : null, options.Token, resume ? lastSeq : null, cancellation);
                _resumeToken = joined.ResumeToken;
                Gateway = url;
                lock (_lock)
                {
                    _client = client;
                    _connected.TrySetResult(client);
                }

                return joined;
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException || IsTransient(ex))
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }

                if (DateTimeOffset.UtcNow > deadline)
                {
                    throw;
                }

                await Task.Delay(Backoff(attempt), cancellation);
            }
            catch
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }

                throw;
            }
        }
    }

    /// <summary><paramref name="client"/> has ended: requests wait for the next connection.</summary>
    public void Lost(MeshCallClient client)
    {
        lock (_lock)
        {
            _connected = NewConnected();

            // Its receive loop has ended: what it dropped is final.
            _droppedByEndedConnections += client.DroppedEvents;
            _client = null;
        }
    }

    /// <summary>No connection will come: requests waiting for one fail with <paramref name="error"/>.</summary>
    public void Fail(Exception error)
    {
        lock (_lock)
        {
            _connected.TrySetException(error);
        }
    }

    private static TaskCompletionSource<MeshCallClient> NewConnected() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
