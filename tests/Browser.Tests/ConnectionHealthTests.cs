using System.Text.Json;
using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ConnectionHealthTests(BrowserCallFixture fixture, ITestOutputHelper output)
{
    private const string RemoteUfrag = "id => meshcall.connections.get(id).remoteDescription.sdp.match(/a=ice-ufrag:(\\S+)/)[1]";

    [Fact]
    public async Task Every_five_seconds_the_client_reports_each_connection_and_the_server_accepts_it()
    {
        var room = $"stats-{Guid.NewGuid():N}";
        var gate = new WebSocketGate();
        await using var a = await CallPage.JoinAsync(fixture, room, "a", output, gate);
        await using var b = await CallPage.JoinAsync(fixture, room, "b", output);
        await Task.WhenAll(a.WaitForConnectionsAsync(b), b.WaitForConnectionsAsync(a));

        // The first report may predate the connection; wait for one that sees it connected.
        JsonElement peer;
        JsonElement report;
        do
        {
            report = await gate.NextSentAsync("stats", TimeSpan.FromSeconds(12));
            peer = report.GetProperty("peers")[0];
        }
        while (peer.GetProperty("state").GetString() != "connected");

        Assert.Equal(b.PeerId, peer.GetProperty("peerId").GetString());
        Assert.InRange(peer.GetProperty("connectMs").GetInt32(), 1, 30_000);
        Assert.Equal(0, peer.GetProperty("glare").GetInt32());
        Assert.Equal(0, peer.GetProperty("iceRestarts").GetInt32());
        var reply = await gate.ReplyToAsync(report.GetProperty("id"), TimeSpan.FromSeconds(10));
        Assert.Equal("ok", reply.GetProperty("op").GetString());
    }

    [Fact]
    public async Task An_ice_restart_gathers_new_credentials_and_the_connection_comes_back()
    {
        await using var call = await CallRoom.OpenAsync(fixture, 2, output);
        var (a, b) = (call.Pages[0], call.Pages[1]);
        await b.RememberConnectionsAsync();
        var ufrag = await b.EvaluateAsync<string>(RemoteUfrag, a.PeerId);

        await a.EvaluateAsync<object>("id => meshcall.restartIce(id)", b.PeerId);

        await b.WaitAsync($"([id, old]) => ({RemoteUfrag})(id) !== old", new[] { a.PeerId, ufrag });
        await call.WaitForFullMeshAsync();
        Assert.Equal(1, await a.EvaluateAsync<int>("() => meshcall.connectionStats()[0].iceRestarts"));
        Assert.True(await b.KeptConnectionToAsync(a));
        await b.WaitForFramesBeyondAsync(await b.FramesDecodedAsync());
    }
}
