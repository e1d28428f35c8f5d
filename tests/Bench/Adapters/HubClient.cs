using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace MeshCall.Bench.Adapters;

/// <summary>
/// The part of the SignalR adapters that is the same for both hubs: the official .NET client over WebSockets
/// (opened by <see cref="Connector"/>), JSON hub protocol, and one writer draining a queue of sends.
/// </summary>
public abstract class HubClient(int index, IClientEvents events) : BenchClient(index, events)
{
    private readonly Channel<(string Method, object?[] Args)> _outbox =
        Channel.CreateUnbounded<(string, object?[])>(new UnboundedChannelOptions { SingleReader = true });
    private Task _writing = Task.CompletedTask;

    protected HubConnection Connection { get; private set; } = null!;

    protected long OpenedAt { get; private set; }

    protected async Task OpenAsync(Uri hub, IPAddress source, CancellationToken cancellationToken)
    {
        Connection = new HubConnectionBuilder()
            .WithUrl(hub, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, ct) => await Connector.OpenAsync(context.Uri, source, Gate, ct);
            })
            .Build();
        Connection.ServerTimeout = TimeSpan.FromMinutes(2);
        Listen(Connection);
        await Connection.StartAsync(cancellationToken);
        OpenedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        _writing = Task.Run(WriteAsync, CancellationToken.None);
    }

    /// <summary>Registers the hub's client methods before the connection starts.</summary>
    protected abstract void Listen(HubConnection connection);

    protected void Enqueue(string method, params object?[] args) => _outbox.Writer.TryWrite((method, args));

    public override async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        await _writing.ContinueWith(_ => { }, TaskScheduler.Default);
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task WriteAsync()
    {
        try
        {
            await foreach (var (method, args) in _outbox.Reader.ReadAllAsync())
            {
                await Connection.SendCoreAsync(method, args);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ended; what did not go out is counted as lost by the scenario.
        }
    }
}
