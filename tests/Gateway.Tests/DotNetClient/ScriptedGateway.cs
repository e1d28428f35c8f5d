using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MeshCall.Gateway.Tests.DotNetClient;

/// <summary>
/// A stand-in for a gateway on 127.0.0.1, for one client at a time: it answers <c>join</c> and <c>leave</c>, pushes
/// the events a test hands it, and records every frame the client sends, in order, so a test sees exactly what a
/// client puts on the wire and when, which the real gateway does not tell.
/// </summary>
public sealed class ScriptedGateway : IAsyncDisposable
{
    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource<WebSocket> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private WebApplication? _app;
    private bool _answerJoins = true;

    public Uri WebSocket { get; private set; } = null!;

    /// <summary>Every frame the client sent, in order; complete once it closed the connection.</summary>
    public ChannelReader<JsonElement> Received => _received.Reader;

    /// <param name="answerJoins">False: a join is only recorded, and the test pushes what answers it.</param>
    public static async Task<ScriptedGateway> StartAsync(bool answerJoins = true)
    {
        var gateway = new ScriptedGateway { _answerJoins = answerJoins };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/ws", gateway.ServeAsync);
        await app.StartAsync();
        gateway._app = app;
        gateway.WebSocket = new Uri(app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal) + "/ws");
        return gateway;
    }

    /// <summary>Pushes one server message (a JSON object, as text) to the connected client.</summary>
    public async Task PushAsync(string message) => await SendAsync(await _connected.Task.WaitAsync(Wait.Timeout), message);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _sendLock.Dispose();
    }

    private async Task ServeAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        _connected.TrySetResult(socket);
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var frame = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    frame.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                using var document = JsonDocument.Parse(frame.ToArray());
                var request = document.RootElement.Clone();
                _received.Writer.TryWrite(request);
                await AnswerAsync(socket, request);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away without a close.
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    private Task AnswerAsync(WebSocket socket, JsonElement request)
    {
        var id = request.TryGetProperty("id", out var value) ? value.GetRawText() : "null";
        return request.GetProperty("op").GetString() switch
        {
            "join" when _answerJoins => SendAsync(socket,
                $$"""{"op":"joined","id":{{id}},"room":"scripted","peerId":"self","resumeToken":"token","peers":[],"iceServers":[],"maxPeers":8}"""),
            "leave" => SendAsync(socket, $$"""{"op":"ok","id":{{id}}}"""),
            _ => Task.CompletedTask,
        };
    }

    private async Task SendAsync(WebSocket socket, string message)
    {
        await _sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
