using System.Text.Json;
using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

/// <summary>Signals to one peer leave in order, even when one of them must be sent again; one that never gets through rebuilds the pair.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignalOrderTests(BrowserCallFixture fixture, ITestOutputHelper output)
{
    private const string RemoteUfrag = "id => meshcall.connections.get(id).remoteDescription.sdp.match(/a=ice-ufrag:(\\S+)/)[1]";

    [Fact]
    public async Task An_ice_restart_offer_refused_once_still_goes_before_its_own_candidates()
    {
        var room = $"order-{Guid.NewGuid():N}";
        var gate = new WebSocketGate();
        await using var restarter = await CallPage.JoinAsync(fixture, room, "restarter", output, gate);
        await using var other = await CallPage.JoinAsync(fixture, room, "other", output);
        await Task.WhenAll(restarter.WaitForConnectionsAsync(other), other.WaitForConnectionsAsync(restarter));
        var ufrag = await other.EvaluateAsync<string>(RemoteUfrag, restarter.PeerId);
        gate.RefuseNext(m => WebSocketGate.SignalType(m) == "offer", "unavailable");

        await restarter.EvaluateAsync<object>("id => meshcall.restartIce(id)", other.PeerId);

        await other.WaitAsync($"([id, old]) => ({RemoteUfrag})(id) !== old", new[] { restarter.PeerId, ufrag });
        await Task.WhenAll(restarter.WaitForConnectionsAsync(other), other.WaitForConnectionsAsync(restarter));
        Assert.Equal(1, gate.Refusals);

        // The first offer with new ICE credentials is the one refused; nothing else of the restart may pass it.
        var refused = await NextSignalAsync(gate, "offer");
        while (Ufrag(refused) == ufrag)
        {
            refused = await NextSignalAsync(gate, "offer");
        }

        var newUfrag = Ufrag(refused);
        var sentBeforeRetry = new List<JsonElement>();
        JsonElement retried;
        while ((retried = await NextSignalAsync(gate)).GetProperty("msgId").GetInt64() != refused.GetProperty("msgId").GetInt64())
        {
            sentBeforeRetry.Add(retried);
        }

        Assert.DoesNotContain(sentBeforeRetry, m => WebSocketGate.SignalType(m) == "candidate" && CandidateUfrag(m) == newUfrag);
    }

    [Fact]
    public async Task An_offer_answered_rate_limited_is_sent_again_later_and_the_pair_connects()
    {
        var room = $"rate-{Guid.NewGuid():N}";
        var gate = new WebSocketGate();
        await using var member = await CallPage.JoinAsync(fixture, room, "member", output);
        gate.RefuseNext(m => WebSocketGate.SignalType(m) == "offer", "rate-limited");

        await using var newcomer = await CallPage.JoinAsync(fixture, room, "newcomer", output, gate);

        await Task.WhenAll(member.WaitForConnectionsAsync(newcomer), newcomer.WaitForConnectionsAsync(member));
        Assert.Equal(1, gate.Refusals);
        var refused = await NextSignalAsync(gate, "offer");
        var retried = await NextSignalAsync(gate, "offer");
        Assert.Equal(refused.GetProperty("msgId").GetInt64(), retried.GetProperty("msgId").GetInt64());
        Assert.Equal(refused.GetProperty("data").GetRawText(), retried.GetProperty("data").GetRawText());
    }

    [Theory]
    [InlineData("offer")]
    [InlineData("answer")]
    public async Task A_pair_whose_description_never_gets_through_is_rebuilt_and_connects(string type)
    {
        var room = $"rebuild-{Guid.NewGuid():N}";
        var gate = new WebSocketGate();
        // Every try of the first description is refused; the pair giving up that connection (its bye) ends the outage.
        gate.RefuseUntil(m => WebSocketGate.SignalType(m) == type, "unavailable", m => WebSocketGate.SignalType(m) == "bye");

        // The newcomer offers and the member answers: the gate sits on the page that sends `type`.
        await using var member = await CallPage.JoinAsync(fixture, room, "member", output, type == "answer" ? gate : null);
        await using var newcomer = await CallPage.JoinAsync(fixture, room, "newcomer", output, type == "offer" ? gate : null);

        await Task.WhenAll(member.WaitForConnectionsAsync(newcomer), newcomer.WaitForConnectionsAsync(member));
        Assert.True(gate.Refusals > 1, $"{type} refused {gate.Refusals} times");
        var bye = await NextSignalAsync(gate, "bye");
        Assert.Equal(1, bye.GetProperty("data").GetProperty("epoch").GetInt32());
        await newcomer.WaitForFramesBeyondAsync(await newcomer.FramesDecodedAsync());
        await member.WaitForFramesBeyondAsync(await member.FramesDecodedAsync());
    }

    private static async Task<JsonElement> NextSignalAsync(WebSocketGate gate, string? type = null)
    {
        while (true)
        {
            var signal = await gate.NextSentAsync("signal", CallPage.Timeout);
            if (type is null || WebSocketGate.SignalType(signal) == type)
            {
                return signal;
            }
        }
    }

    private static string Ufrag(JsonElement description) =>
        description.GetProperty("data").GetProperty("sdp").GetString()!.Split('\n').First(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))["a=ice-ufrag:".Length..].Trim();

    private static string? CandidateUfrag(JsonElement candidate) =>
        candidate.GetProperty("data").TryGetProperty("usernameFragment", out var ufrag) ? ufrag.GetString() : null;
}
