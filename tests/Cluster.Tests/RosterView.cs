using System.Net.WebSockets;
using MeshCall.Client;

namespace MeshCall.Cluster.Tests;

/// <summary>
/// One connected member and its room as its client knows it: the <c>peers</c> of its <c>joined</c>, then every
/// <c>peer-joined</c> and <c>peer-left</c> it was pushed, in order. What a mesh client opens and closes its peer
/// connections by.
/// </summary>
internal sealed class RosterView : IAsyncDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(45);

    private readonly HashSet<string> _peers;
    private readonly Task _reading;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RosterView(MeshCallClient client, string room, JoinedRoom joined)
    {
        Client = client;
        Room = room;
        PeerId = joined.PeerId;
        _peers = [.. joined.Peers.Select(p => p.PeerId)];
        _reading = ReadAsync();
    }

    public MeshCallClient Client { get; }

    public string Room { get; }

    public string PeerId { get; }

    /// <summary>Whether the connection ended (the server closed it, or it dropped).</summary>
    public bool Closed { get; private set; }

    /// <summary>Completes at the next roster event or when the connection ends.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public IReadOnlySet<string> Peers
    {
        get
        {
            lock (_peers)
            {
                return _peers.ToHashSet();
            }
        }
    }

    /// <summary>
    /// Joins <paramref name="room"/>, sending it again on a fresh connection while the cluster answers <c>unavailable</c>
    /// (as PROTOCOL.md asks of a client), e.g. while the silo holding the room is being replaced.
    /// </summary>
    public static async Task<RosterView> JoinAsync(Uri gateway, string room, string name)
    {
        var deadline = DateTimeOffset.UtcNow + GiveUpAfter;
        for (var attempt = 1; ; attempt++)
        {
            var client = await MeshCallClient.ConnectAsync(gateway);
            try
            {
                return new RosterView(client, room, await client.JoinAsync(room, name));
            }
            catch (Exception error) when (error is MeshCallException { Code: "unavailable" } or WebSocketException && DateTimeOffset.UtcNow < deadline)
            {
                // A join the cluster is slow to answer can outlast the gateway's join deadline, which closes the socket.
                await client.DisposeAsync();
                await Task.Delay(Backoff(attempt));
            }
            catch
            {
                await client.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Leaves the room, sending the leave again while the cluster answers <c>unavailable</c>. A leave answered
    /// <c>unavailable</c> may still have been carried out, and the server then closes the connection; a connection
    /// that ends otherwise leaves its session to time out. Either way this member is gone.
    /// </summary>
    public async Task LeaveAsync()
    {
        var deadline = DateTimeOffset.UtcNow + GiveUpAfter;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Client.LeaveAsync();
                return;
            }
            catch (MeshCallException error) when (error.Code == "unavailable" && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(Backoff(attempt));
            }
            catch (WebSocketException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _reading;
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt));

    private async Task ReadAsync()
    {
        await foreach (var evt in Client.Events.ReadAllAsync())
        {
            var peer = evt.Body.TryGetProperty("peerId", out var id) ? id.GetString() : null;
            lock (_peers)
            {
                if (evt.Op == "peer-joined" && peer is not null)
                {
                    _peers.Add(peer);
                }
                else if (evt.Op == "peer-left" && peer is not null)
                {
                    _peers.Remove(peer);
                }
                else
                {
                    continue;
                }
            }

            Signal();
        }

        Closed = true;
        Signal();
    }

    private void Signal() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
