using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using MeshCall.Gateway.Transports;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace MeshCall.Gateway.Tests.Abuse;

/// <summary>A SignalR connection (JSON hub protocol) driven like a <c>/ws</c> probe: ops become hub methods.</summary>
public sealed class HubProbe : Probe
{
    private static readonly Dictionary<string, string> Events = new()
    {
        ["PeerJoined"] = "peer-joined", ["PeerLeft"] = "peer-left", ["PeerState"] = "peer-state",
        ["Signal"] = "signal", ["Broadcast"] = "broadcast", ["Closed"] = "closed", ["Error"] = "error",
        ["RoleChanged"] = "role-changed", ["RoomUpdated"] = "room-updated", ["Moderation"] = "moderation", ["PeerUpdated"] = "peer-updated",
        ["Knock"] = "knock", ["KnockWithdrawn"] = "knock-withdrawn", ["Admitted"] = "joined", ["Denied"] = "error",
    };

    private readonly Channel<(string, JsonElement)> _events = Channel.CreateUnbounded<(string, JsonElement)>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HubConnection _connection;

    private HubProbe(HubConnection connection)
    {
        _connection = connection;
        foreach (var (method, op) in Events)
        {
            connection.On<JsonElement>(method, body => _events.Writer.TryWrite((op, body)));
        }

        connection.Closed += _ =>
        {
            _closed.TrySetResult();
            return Task.CompletedTask;
        };
    }

    public override string Transport => "hub";

    public override Task Closed => _closed.Task;

    public override bool HasEvent => _events.Reader.TryPeek(out _);

    public static async Task<HubProbe> ConnectAsync(Uri hub)
    {
        var probe = new HubProbe(new HubConnectionBuilder().WithUrl(hub).Build());
        await probe._connection.StartAsync();
        return probe;
    }

    public override async Task<JsonElement> RequestAsync(string op, string body = "{}")
    {
        try
        {
            // Sent as written: what a server must refuse (too deep, lone surrogates) must not be stopped by the test's own serializer.
            return await _connection.InvokeAsync<JsonElement>(Method(op), new RawJson(Encoding.UTF8.GetBytes(body)));
        }
        catch (HubException error)
        {
            throw new ProbeException(error.Message.Split(':')[0]);
        }
    }

    /// <summary>Invokes a hub method with any argument, as a hostile SignalR client could.</summary>
    public async Task<string> RawCodeAsync(string method, object? argument)
    {
        try
        {
            await _connection.InvokeAsync<JsonElement>(method, argument);
            return "ok";
        }
        catch (HubException error)
        {
            return error.Message.Split(':')[0];
        }
    }

    public override async Task<(string Op, JsonElement Body)> NextEventAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await _events.Reader.ReadAsync(timeout.Token);
    }

    public override async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private static string Method(string op) => string.Concat(op.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
