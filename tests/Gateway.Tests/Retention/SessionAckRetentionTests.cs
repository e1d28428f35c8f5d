using System.Text.Json;
using MeshCall.Client;
using static MeshCall.Testing.PrometheusText;

namespace MeshCall.Gateway.Tests.Retention;

/// <summary>
/// A <see cref="MeshCallSession"/> acknowledges what it has taken on its own, so the server stops keeping it for a
/// resume: what a .NET application gets without doing anything, seen on the silo's gauge.
/// </summary>
public sealed class SessionAckRetentionTests(RetentionGateway gateway) : IClassFixture<RetentionGateway>, IDisposable
{
    private const int SignalBytes = 4096;
    private const int Signals = 40;
    private readonly HttpClient _http = new();

    [Fact]
    public async Task What_a_session_has_taken_is_no_longer_kept_for_its_resume()
    {
        var room = "session-acks-" + Guid.NewGuid().ToString("N");
        await using var reader = await MeshCallSession.JoinAsync(new MeshCallSessionOptions([gateway.WebSocket], room, "reader"));
        await using var sender = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await sender.JoinAsync(room, "sender");
        var taken = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        reader.SignalReceived += _ =>
        {
            if (Interlocked.Increment(ref taken) == Signals)
            {
                all.SetResult();
            }
        };

        for (var i = 0; i < Signals; i++)
        {
            await sender.SignalAsync(reader.PeerId!, "candidate", JsonSerializer.Serialize(new { n = i, pad = new string('x', SignalBytes - 40) }));
        }

        await all.Task.WaitAsync(Wait.Timeout);

        // 160 KiB were sent to the reader; once its ack reaches the session (the next heartbeat), it keeps none of it.
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        double kept;
        while ((kept = await RetainedBytesAsync()) >= SignalBytes)
        {
            Assert.False(timeout.IsCancellationRequested, $"the sessions still keep {kept} bytes");
            await Task.Delay(100);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<double> RetainedBytesAsync() => Sum(await ScrapeAsync(_http, new Uri(gateway.Http, "/metrics")), "meshcall_sessions_retained_bytes");
}
