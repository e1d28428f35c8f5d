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
}
