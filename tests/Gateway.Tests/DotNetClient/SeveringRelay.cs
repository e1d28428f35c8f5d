using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MeshCall.Gateway.Tests.DotNetClient;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a real gateway, whose connections a test can cut: what a client sees when its
/// network drops, while the gateway only sees the connection vanish (no close frame), and a reconnect goes through.
/// </summary>
public sealed class SeveringRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<TcpClient, TcpClient> _links = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Uri _target;
    private readonly Task _accepting;
    private int _accepted;

    public SeveringRelay(Uri target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The target's WebSocket URL, through the relay.</summary>
    public Uri WebSocket => new UriBuilder(_target) { Port = ((IPEndPoint)_listener.LocalEndpoint).Port }.Uri;

    /// <summary>How many connections it has passed on so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>While set, a new connection is cut as soon as it is taken: the client stays away until it is cleared.</summary>
    public bool Refusing { get; set; }

    /// <summary>Cuts every connection open now, both ways.</summary>
    public void SeverAll()
    {
        foreach (var (client, upstream) in _links)
        {
            if (client.Client is { } socket)
            {
                // A reset, not a close: the client finds its connection broken, as when a network drops.
                socket.LingerState = new LingerOption(true, 0);
            }

            client.Dispose();
            upstream.Dispose();
            _links.TryRemove(client, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        SeverAll();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                if (Refusing)
                {
                    client.Dispose();
                    continue;
                }

                var upstream = new TcpClient();
                await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                _links[client] = upstream;
                Interlocked.Increment(ref _accepted);
                _ = PipeAsync(client, upstream);
                _ = PipeAsync(upstream, client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private static async Task PipeAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // Severed, or the other side went away.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
