using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SignalDeliveryTests(BrowserCallFixture fixture, ITestOutputHelper output)
{
    private const string RemoteCandidates =
        """
        async id => {
          const report = await meshcall.connections.get(id).getStats();
          const found = [];
          report.forEach(s => { if (s.type === 'remote-candidate') found.push(`${s.address} ${s.port}`); });
          return found;
        }
        """;

    [Fact]
    public async Task Candidates_delivered_before_their_offer_are_queued_and_used()
    {
        var room = $"early-{Guid.NewGuid():N}";
        var gate = new WebSocketGate();
        await using var member = await CallPage.JoinAsync(fixture, room, "member", output, gate);
        var offerAndCandidateHeld = gate.HoldUntil(held =>
            held.Any(m => WebSocketGate.SignalType(m) == "offer") && held.Any(IsUdpCandidate));

        await using var newcomer = await CallPage.JoinAsync(fixture, room, "newcomer", output);
        await offerAndCandidateHeld.WaitAsync(CallPage.Timeout);

        // Roster events first (the member must know the newcomer), then the candidates, then their offer.
        var released = gate.Release(m => WebSocketGate.SignalType(m) switch { null => 0, "candidate" => 1, _ => 2 });
        var early = released
            .TakeWhile(m => WebSocketGate.SignalType(m) != "offer")
            .Where(IsUdpCandidate)
            .Select(AddressAndPort)
            .ToArray();
        Assert.NotEmpty(early);

        await Task.WhenAll(member.WaitForConnectionsAsync(newcomer), newcomer.WaitForConnectionsAsync(member));

        // Connected on the first pair that works; the queued candidates are added one after another, so wait for all.
        await member.WaitAsync(
            $"async ({{ id, early }}) => {{ const known = await ({RemoteCandidates})(id); return early.every(c => known.includes(c)); }}",
            new { id = newcomer.PeerId, early });
        var known = await member.EvaluateAsync<string[]>(RemoteCandidates, newcomer.PeerId);
        Assert.All(early, candidate => Assert.Contains(candidate, known));
    }

    [Fact]
    public async Task A_candidate_the_browser_refuses_does_not_stop_the_others_nor_the_answer()
    {
        var room = $"refused-{Guid.NewGuid():N}";
        var gate = new WebSocketGate();
        await using var member = await CallPage.JoinAsync(fixture, room, "member", output, gate);
        var held = gate.HoldUntil(held =>
            held.Any(m => WebSocketGate.SignalType(m) == "offer") && held.Any(IsUdpCandidate) && held.Any(IsTcpCandidate));

        await using var newcomer = await CallPage.JoinAsync(fixture, room, "newcomer", output);
        await held.WaitAsync(CallPage.Timeout);

        // One early candidate names a media section the offer does not have, so adding it fails; it goes first.
        Assert.True(gate.ReplaceHeld(IsTcpCandidate, Unusable));
        var released = gate.Release(m => WebSocketGate.SignalType(m) switch { null => 0, "candidate" when IsUnusable(m) => 1, "candidate" => 2, _ => 3 });
        var early = released
            .TakeWhile(m => WebSocketGate.SignalType(m) != "offer")
            .Where(IsUdpCandidate)
            .Select(AddressAndPort)
            .ToArray();
        Assert.NotEmpty(early);

        await Task.WhenAll(member.WaitForConnectionsAsync(newcomer), newcomer.WaitForConnectionsAsync(member));
        await member.WaitAsync(
            $"async ({{ id, early }}) => {{ const known = await ({RemoteCandidates})(id); return early.every(c => known.includes(c)); }}",
            new { id = newcomer.PeerId, early });
    }

    [Fact]
    public async Task An_offer_the_cluster_could_not_serve_is_sent_again_and_the_pair_connects()
    {
        var room = $"retry-{Guid.NewGuid():N}";
        var gate = new WebSocketGate();
        await using var member = await CallPage.JoinAsync(fixture, room, "member", output);
        gate.RefuseNext(m => WebSocketGate.SignalType(m) == "offer", "unavailable");

        await using var newcomer = await CallPage.JoinAsync(fixture, room, "newcomer", output, gate);

        await Task.WhenAll(member.WaitForConnectionsAsync(newcomer), newcomer.WaitForConnectionsAsync(member));
        var refused = await NextOfferAsync(gate);
        var retried = await NextOfferAsync(gate);
        Assert.Equal(refused.GetProperty("data").GetRawText(), retried.GetProperty("data").GetRawText());
    }

    private static async Task<JsonElement> NextOfferAsync(WebSocketGate gate)
    {
        while (true)
        {
            var signal = await gate.NextSentAsync("signal", CallPage.Timeout);
            if (WebSocketGate.SignalType(signal) == "offer")
            {
                return signal;
            }
        }
    }

    // Active TCP candidates (port 9) are never dialled, so getStats does not list them; UDP ones must all be there.
    private static bool IsUdpCandidate(JsonElement message) =>
        WebSocketGate.SignalType(message) == "candidate" && Fields(message)[2].Equals("udp", StringComparison.OrdinalIgnoreCase);

    private static bool IsTcpCandidate(JsonElement message) =>
        WebSocketGate.SignalType(message) == "candidate" && Fields(message)[2].Equals("tcp", StringComparison.OrdinalIgnoreCase);

    private static bool IsUnusable(JsonElement message) => message.GetProperty("data").GetProperty("sdpMid").GetString() == "no-such-mid";

    private static string Unusable(JsonElement candidate)
    {
        var node = JsonNode.Parse(candidate.GetRawText())!;
        node["data"]!["sdpMid"] = "no-such-mid";
        node["data"]!["sdpMLineIndex"] = 99;
        return node.ToJsonString();
    }

    // "candidate:1 1 udp 2122260223 10.0.0.5 50512 typ host …": the address and port, as getStats reports them.
    private static string AddressAndPort(JsonElement signal)
    {
        var fields = Fields(signal);
        return $"{fields[4]} {fields[5]}";
    }

    private static string[] Fields(JsonElement signal) => signal.GetProperty("data").GetProperty("candidate").GetString()!.Split(' ');
}
