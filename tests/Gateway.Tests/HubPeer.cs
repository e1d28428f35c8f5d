using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MeshCall.Gateway.Tests;

/// <summary>A hub connection that records pushed events in order, whatever the hub protocol.</summary>
internal sealed class HubPeer : IAsyncDisposable
{
    private static readonly string[] Methods = ["PeerJoined", "PeerLeft", "PeerState", "Signal", "Broadcast", "Closed", "Error", "RoleChanged", "RoomUpdated", "Moderation", "PeerUpdated"];
    private readonly Channel<(string Method, JsonElement Body)> _events = Channel.CreateUnbounded<(string, JsonElement)>();
    private readonly HubConnection _connection;

    private HubPeer(HubConnection connection)
    {
        _connection = connection;
        foreach (var method in Methods)
        {
            connection.On<object>(method, body => _events.Writer.TryWrite((method, ToJson(body))));
        }
    }

    public List<string> RosterAtJoin { get; } = [];

    public static async Task<HubPeer> ConnectAsync(EmbeddedGateway gateway, string protocol, string? origin = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(gateway.Hub, options =>
        {
            if (origin is not null)
            {
                options.Headers["Origin"] = origin;
            }
        });
        if (protocol == "messagepack")
        {
            builder.AddMessagePackProtocol();
        }

        var peer = new HubPeer(builder.Build());
        await peer._connection.StartAsync();
        return peer;
    }

    public async Task<string> JoinAsync(string room, string name)
    {
        var joined = await InvokeAsync("Join", new Dictionary<string, object> { ["room"] = room, ["name"] = name });
        RosterAtJoin.AddRange(joined.GetProperty("peers").EnumerateArray().Select(p => p.GetProperty("peerId").GetString()!));
        return joined.GetProperty("peerId").GetString()!;
    }

    public Task SignalAsync(string to, string type, object data) =>
        InvokeAsync("Signal", new Dictionary<string, object> { ["to"] = to, ["type"] = type, ["data"] = data });

    public async Task<JsonElement> InvokeAsync(string method, Dictionary<string, object> request) =>
        ToJson(await _connection.InvokeAsync<object>(method, request));

    /// <summary>Calls a hub method without waiting for its completion, as clients send what is not answered (an ack).</summary>
    public Task SendAsync(string method, Dictionary<string, object> request) => _connection.SendAsync(method, request);

    public async Task<JsonElement> NextAsync(string method, string? skip = null)
    {
        while (true)
        {
            var (name, body) = await _events.Reader.NextAsync();
            if (name == method)
            {
                return body;
            }

            Assert.True(name == skip || name == "PeerJoined", $"expected {method}, got {name} {body}");
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    /// <summary>JSON arrives as a JsonElement, MessagePack as dictionaries and lists: compare both as JSON.</summary>
    private static JsonElement ToJson(object? value) => value switch
    {
        JsonElement element => element,
        _ => JsonSerializer.SerializeToElement(Normalize(value)),
    };

    private static object? Normalize(object? value) => value switch
    {
        IDictionary<object, object> map => map.ToDictionary(kv => kv.Key.ToString()!, kv => Normalize(kv.Value)),
        object[] list => list.Select(Normalize).ToArray(),
        _ => value,
    };
}
