using System.Text.Json;
using MeshCall.Client;
using static MeshCall.Testing.PrometheusText;

namespace MeshCall.Gateway.Tests.Retention;

/// <summary>
/// What sessions keep for a resume, as the silo's <c>meshcall_sessions_retained_bytes</c> shows it: only what their
/// clients have not acknowledged (<c>ack</c>, on either transport), and for a client that never does, no more than
/// <c>Limits:MaxBufferedBytes</c>.
/// </summary>
public sealed class AcknowledgedRetentionTests(RetentionGateway gateway) : IClassFixture<RetentionGateway>, IDisposable
{
    private const int SignalBytes = 4096;
    private readonly HttpClient _http = new();

    private Uri Metrics => new(gateway.Http, "/metrics");

    [Fact]
    public async Task A_session_keeps_only_what_its_client_has_not_acknowledged_and_at_most_its_bound_when_it_never_does()
    {
        var room = "retention-" + Guid.NewGuid().ToString("N");
        await using var sender = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var reader = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await sender.JoinAsync(room, "sender");
        var readerId = (await reader.JoinAsync(room, "reader")).PeerId;
        await sender.NextAsync("peer-joined");

        // 40 signals of 4 KiB, read: kept (160 KiB, under the bound) until acknowledged.
        var last = await SendAndReadAsync(sender, readerId, reader, count: 40);
        Assert.True(await RetainedAsync() >= 40 * SignalBytes);
        await reader.SendTextAsync($$"""{"op":"ack","seq":{{last}}}""");
        await UntilAsync(bytes => bytes < 8 * 1024, "after the ack");

        // The same reader stops acknowledging: 200 more (800 KiB) are kept only up to the bound.
        await SendAndReadAsync(sender, readerId, reader, count: 200);
        var kept = await RetainedAsync();
        Assert.InRange(kept, RetentionGateway.MaxBufferedBytes / 2, RetentionGateway.MaxBufferedBytes + 8 * 1024);

        // The hub's Ack does the same.
        await using var hub = await HubPeer.ConnectAsync(gateway, "json");
        var hubId = await hub.JoinAsync(room, "hub");
        await sender.NextAsync("peer-joined");
        long hubLast = 0;
        for (var i = 0; i < 40; i++)
        {
            await sender.SignalAsync(hubId, "candidate", Payload(i), msgId: 1000 + i);
            hubLast = (await hub.NextAsync("Signal")).GetProperty("seq").GetInt64();
        }

        await UntilAsync(bytes => bytes >= kept + 40 * SignalBytes, "before the hub's ack");
        await hub.SendAsync("Ack", new Dictionary<string, object> { ["seq"] = hubLast });
        await UntilAsync(bytes => bytes <= kept + 8 * 1024, "after the hub's ack");
    }

    [Fact]
    public async Task An_ack_is_not_answered_and_a_bad_one_is_refused_like_any_bad_request()
    {
        await using var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        Assert.Equal("not-joined", await Wait.ErrorCodeAsync(() => client.RequestAsync(new Dictionary<string, object?> { ["op"] = "ack", ["seq"] = 1 })));
        await client.JoinAsync("ack-" + Guid.NewGuid().ToString("N"), "a");
        Assert.Equal("invalid-message", await Wait.ErrorCodeAsync(() => client.RequestAsync(new Dictionary<string, object?> { ["op"] = "ack", ["seq"] = "x" })));
        Assert.Equal("invalid-message", await Wait.ErrorCodeAsync(() => client.RequestAsync(new Dictionary<string, object?> { ["op"] = "ack" })));

        // A good ack gets nothing back: the next thing this client hears answers its ping.
        await client.SendTextAsync("""{"op":"ack","seq":1,"id":"quiet"}""");
        await client.PingAsync();
        Assert.Equal(0, client.Events.Count);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("messagepack")]
    public async Task A_hub_client_that_waits_on_its_Ack_gets_no_result_and_its_connection_goes_on(string protocol)
    {
        await using var hub = await HubPeer.ConnectAsync(gateway, protocol);
        await hub.JoinAsync("ack-" + Guid.NewGuid().ToString("N"), "a");

        var result = await hub.InvokeAsync("Ack", new Dictionary<string, object> { ["seq"] = 1 });

        Assert.Equal(JsonValueKind.Null, result.ValueKind);
        Assert.Equal(JsonValueKind.Object, (await hub.InvokeAsync("Ping", [])).ValueKind);
    }

    public void Dispose() => _http.Dispose();

    private static string Payload(int i) => JsonSerializer.Serialize(new { n = i, pad = new string('x', SignalBytes - 40) });

    /// <summary>Sends <paramref name="count"/> signals and reads them; returns the last one's seq.</summary>
    private static async Task<long> SendAndReadAsync(MeshCallClient sender, string to, MeshCallClient reader, int count)
    {
        long last = 0;
        for (var i = 0; i < count; i++)
        {
            await sender.SignalAsync(to, "candidate", Payload(i));
            last = (await reader.NextAsync("signal")).GetProperty("seq").GetInt64();
        }

        return last;
    }

    private async Task<double> RetainedAsync() => Sum(await ScrapeAsync(_http, Metrics), "meshcall_sessions_retained_bytes");

    private async Task UntilAsync(Func<double, bool> condition, string when)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        double bytes;
        while (!condition(bytes = await RetainedAsync()))
        {
            Assert.False(timeout.IsCancellationRequested, $"{when}: sessions keep {bytes} bytes");
            await Task.Delay(100);
        }
    }
}
