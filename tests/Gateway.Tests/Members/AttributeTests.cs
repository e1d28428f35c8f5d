using System.Text.Json;

namespace MeshCall.Gateway.Tests.Members;

/// <summary>A member's attributes: relayed to the others, listed for a late joiner, kept across a resume, and bounded.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AttributeTests(EmbeddedGateway gateway)
{
    private const string Hand = """{"hand":true,"muted":false,"note":"\u00e9"}""";

    public static TheoryData<string> Transports => Room.Transports;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Attributes_reach_the_others_a_late_joiner_and_a_resumed_member(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var a = await room.JoinAsync("A");
        var b = await room.JoinAsync("B");
        Assert.Equal("{}", Peer(b.Joined, a.Id).GetProperty("attributes").GetRawText());

        Assert.Equal("ok", await b.Probe.CodeAsync("set-attributes", $$"""{"attributes":{{Hand}}}"""));
        var updated = await a.Probe.NextAsync("peer-updated");
        Assert.Equal((b.Id, Hand), (updated.GetProperty("peerId").GetString(), updated.GetProperty("attributes").GetRawText()));
        await Room.AssertNextIsSignalAsync(a, b);

        var c = await room.JoinAsync("C");
        Assert.Equal(Hand, Peer(c.Joined, b.Id).GetProperty("attributes").GetRawText());
        Assert.Equal("{}", Peer(c.Joined, a.Id).GetProperty("attributes").GetRawText());

        // b's connection drops and it resumes: its attributes are still its own, and it still sees the others'.
        Assert.Equal("ok", await a.Probe.CodeAsync("set-attributes", """{"attributes":{"muted":true}}"""));
        await b.Probe.NextAsync("peer-updated");
        await b.Probe.DisposeAsync();
        await using var back = await room.ProbeAsync();
        var resumed = await back.RequestAsync("join", JsonSerializer.Serialize(new { room = room.Name, resume = b.ResumeToken }));
        Assert.Equal("""{"muted":true}""", Peer(resumed, a.Id).GetProperty("attributes").GetRawText());

        await using var late = await room.ProbeAsync();
        var joined = await late.RequestAsync("join", JsonSerializer.Serialize(new { room = room.Name, name = "late" }));
        Assert.Equal(Hand, Peer(joined, b.Id).GetProperty("attributes").GetRawText());
        var arrival = await a.Probe.NextAsync("peer-joined");
        Assert.Equal("{}", arrival.GetProperty("attributes").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Attributes_too_large_or_not_an_object_are_refused_and_change_nothing(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var a = await room.JoinAsync("A");
        var b = await room.JoinAsync("B");
        var exactly = $$"""{"n":"{{new string('x', 1024 - 8)}}"}""";
        Assert.Equal(1024, exactly.Length);
        Assert.Equal("ok", await b.Probe.CodeAsync("set-attributes", $$"""{"attributes":{{exactly}}}"""));
        Assert.Equal(exactly, (await a.Probe.NextAsync("peer-updated")).GetProperty("attributes").GetRawText());

        Assert.Equal("too-large", await b.Probe.CodeAsync("set-attributes", $$$"""{"attributes":{"n":"{{{new string('x', 1024 - 7)}}}"}}"""));
        foreach (var bad in new[] { """{"attributes":[1,2]}""", """{"attributes":"hand"}""", """{"attributes":null}""", "{}" })
        {
            Assert.Equal("invalid-message", await b.Probe.CodeAsync("set-attributes", bad));
        }

        await Room.AssertNextIsSignalAsync(b, a);
        await using var late = await room.ProbeAsync();
        var joined = await late.RequestAsync("join", JsonSerializer.Serialize(new { room = room.Name, name = "late" }));
        Assert.Equal(exactly, Peer(joined, b.Id).GetProperty("attributes").GetRawText());

        // An empty object clears them.
        Assert.Equal("ok", await b.Probe.CodeAsync("set-attributes", """{"attributes":{}}"""));
        Assert.Equal("{}", (await a.Probe.NextAsync("peer-updated")).GetProperty("attributes").GetRawText());
    }

    private static JsonElement Peer(JsonElement joined, string peerId) =>
        joined.GetProperty("peers").EnumerateArray().Single(p => p.GetProperty("peerId").GetString() == peerId);
}
