using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ReconnectTests(BrowserCallFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_dropped_socket_reconnects_and_resumes_while_the_others_keep_its_connection()
    {
        var room = $"resume-{Guid.NewGuid():N}";
        var gate = new WebSocketGate();
        await using var steady = await CallPage.JoinAsync(fixture, room, "steady", output);
        await using var flaky = await CallPage.JoinAsync(fixture, room, "flaky", output, gate);
        await Task.WhenAll(steady.WaitForConnectionsAsync(flaky), flaky.WaitForConnectionsAsync(steady));
        await steady.RememberConnectionsAsync();
        await steady.EvaluateAsync<object>("() => { window.peerStates = []; meshcall.on('peer-state', e => peerStates.push(e.state)); }");
        var peerId = flaky.PeerId;

        await gate.DropAsync();

        await steady.WaitAsync("() => peerStates.join() === 'reconnecting,connected'");
        await flaky.WaitForJoinAsync();
        Assert.Equal(peerId, flaky.PeerId);
        Assert.Equal(2, gate.Connections);
        Assert.True(await steady.KeptConnectionToAsync(flaky));
        Assert.Equal("connected", (await steady.ConnectionStatesAsync())[flaky.PeerId]);

        await flaky.EvaluateAsync<object>("() => meshcall.broadcast({ type: 'chat', text: 'back again' })");
        await steady.WaitForChatLineAsync("flaky: back again");
    }

    [Fact]
    public async Task A_resume_answered_rate_limited_is_tried_again_later_and_the_session_comes_back()
    {
        var room = $"resume-limited-{Guid.NewGuid():N}";
        var gate = new WebSocketGate();
        await using var steady = await CallPage.JoinAsync(fixture, room, "steady", output);
        await using var flaky = await CallPage.JoinAsync(fixture, room, "flaky", output, gate);
        await Task.WhenAll(steady.WaitForConnectionsAsync(flaky), flaky.WaitForConnectionsAsync(steady));
        await steady.RememberConnectionsAsync();
        await flaky.EvaluateAsync<object>("() => { window.states = []; meshcall.on('state', e => states.push(e.state)); }");
        var peerId = flaky.PeerId;
        gate.RefuseNext(m => WebSocketGate.Op(m) == "join" && m.TryGetProperty("resume", out _), "rate-limited");

        await gate.DropAsync();

        await flaky.WaitAsync("() => ['joined', 'closed'].includes(states.at(-1))");
        Assert.Equal("reconnecting,joined", await flaky.EvaluateAsync<string>("() => states.join()"));
        Assert.Equal(1, gate.Refusals);
        Assert.Equal(peerId, await flaky.EvaluateAsync<string>("() => meshcall.peerId"));
        Assert.True(await steady.KeptConnectionToAsync(flaky));
        await flaky.EvaluateAsync<object>("() => meshcall.broadcast({ type: 'chat', text: 'still here' })");
        await steady.WaitForChatLineAsync("flaky: still here");
    }
}
