using System.Text.Json;
using MeshCall.Gateway.Tests.Abuse;

namespace MeshCall.Gateway.Tests.Members;

/// <summary>Members of one room on one transport, joined in order, with what each was told in its <c>joined</c>.</summary>
internal sealed class Room : IAsyncDisposable
{
    private readonly EmbeddedGateway _gateway;
    private readonly string _transport;

    private Room(EmbeddedGateway gateway, string transport, string name) => (_gateway, _transport, Name) = (gateway, transport, name);

    public string Name { get; }

    public List<Member> Members { get; } = [];

    public static TheoryData<string> Transports => ["ws", "hub"];

    public static Room New(EmbeddedGateway gateway, string transport) => new(gateway, transport, "members-" + Guid.NewGuid().ToString("N"));

    public async Task<Probe> ProbeAsync() =>
        _transport == "ws" ? await WebSocketProbe.ConnectAsync(_gateway.WebSocket) : await HubProbe.ConnectAsync(_gateway.Hub);

    /// <summary>A new member; every member before it has seen it arrive (their <c>peer-joined</c> is taken).</summary>
    public async Task<Member> JoinAsync(string name, string? token = null)
    {
        var probe = await ProbeAsync();
        var joined = await probe.RequestAsync("join", JsonSerializer.Serialize(new { room = Name, name, token }));
        var member = new Member(probe, joined);
        foreach (var earlier in Members)
        {
            Assert.Equal(member.Id, (await earlier.Probe.NextAsync("peer-joined")).GetProperty("peerId").GetString());
        }

        Members.Add(member);
        return member;
    }

    /// <summary>
    /// Proves <paramref name="to"/> heard nothing else meanwhile: a signal from <paramref name="from"/> is its very next event.
    /// </summary>
    public static async Task AssertNextIsSignalAsync(Member from, Member to)
    {
        var mark = Guid.NewGuid().ToString("N");
        await from.Probe.RequestAsync("signal", $$"""{"to":"{{to.Id}}","type":"custom","data":"{{mark}}"}""");
        var (op, body) = await to.Probe.NextEventAsync();
        Assert.True(op == "signal" && body.GetProperty("data").GetString() == mark, $"expected the signal, got {op} {body}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members)
        {
            await member.Probe.DisposeAsync();
        }
    }
}

internal sealed record Member(Probe Probe, JsonElement Joined)
{
    public string Id => Joined.GetProperty("peerId").GetString()!;

    public string Role => Joined.GetProperty("role").GetString()!;

    public string ResumeToken => Joined.GetProperty("resumeToken").GetString()!;
}
