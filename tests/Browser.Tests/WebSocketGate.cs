using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Playwright;

namespace MeshCall.Browser.Tests;

/// <summary>
/// Sits on a page's <c>/ws</c> socket (Playwright's WebSocket routing) between the page and the real gateway.
/// It records what passes, can hold the events the server sends until released (to stage glare or reordering), can
/// refuse a request as an unavailable or rate-limiting cluster would, and can drop the connection like a network would.
/// </summary>
public sealed partial class WebSocketGate
{
    private readonly Lock _lock = new();
    private readonly List<(string Text, JsonElement Message)> _held = [];
    private readonly Channel<JsonElement> _sent = Channel.CreateUnbounded<JsonElement>();
    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
    private IWebSocketRoute? _page;
    private IWebSocketRoute? _server;
    private bool _holding;
    private TaskCompletionSource _offerSent = NewSignal();
    private (Func<IReadOnlyList<JsonElement>, bool> Ready, TaskCompletionSource Done)? _heldWaiter;

    /// <summary>How many sockets the page has opened through this gate.</summary>
    public int Connections { get; private set; }

    public Task RouteAsync(IPage page) => page.RouteWebSocketAsync(WsPath(), route =>
    {
        var server = route.ConnectToServer();
        lock (_lock)
        {
            (_page, _server) = (route, server);
            Connections++;
        }

        route.OnMessage(frame =>
        {
            // The protocol is text frames only; a binary one is the gateway's to refuse, so pass it on as it is.
            if (frame.Text is null)
            {
                server.Send(frame.Binary!);
                return;
            }

            var message = Parse(frame.Text);
            _sent.Writer.TryWrite(message);
            if (TakeRefusal(message) is { } code)
            {
                // Answered here, as a cluster that could not serve it would; the gateway never sees it.
                route.Send(JsonSerializer.Serialize(new { op = "error", id = message.GetProperty("id"), code, message = "refused by the test" }));
                return;
            }

            server.Send(frame.Text);
            if (SignalType(message) == "offer")
            {
                _offerSent.TrySetResult();
            }
        });
        server.OnMessage(frame =>
        {
            lock (_lock)
            {
                var text = frame.Text ?? "";
                var message = Parse(text);
                _received.Writer.TryWrite(message);
                // Replies to the page's own requests pass: the page sends a peer's next signal only after the `ok` to the last.
                if (_holding && !IsReply(message))
                {
                    _held.Add((text, message));
                    if (_heldWaiter is { } waiter && waiter.Ready([.. _held.Select(h => h.Message)]))
                    {
                        waiter.Done.TrySetResult();
                    }

                    return;
                }

                route.Send(text);
            }
        });
    });

    /// <summary>The <c>type</c> of a relayed signal, or null for anything else.</summary>
    public static string? SignalType(JsonElement message) =>
        Op(message) == "signal" && message.TryGetProperty("type", out var type) ? type.GetString() : null;

    /// <summary>Cuts the current socket on both sides without a leave, as a lost network does.</summary>
    public async Task DropAsync()
    {
        IWebSocketRoute page, server;
        lock (_lock)
        {
            (page, server) = (_page!, _server!);
        }

        await server.CloseAsync(new WebSocketRouteCloseOptions { Code = 1001, Reason = "network lost" });
        await page.CloseAsync(new WebSocketRouteCloseOptions { Code = 4000, Reason = "network lost" });
    }

    /// <summary>The next message the page sent with this <c>op</c> (earlier ones included), within the timeout.</summary>
    public Task<JsonElement> NextSentAsync(string op, TimeSpan timeout) => NextAsync(_sent.Reader, m => Op(m) == op, timeout);

    /// <summary>The next message the server sent to the page that matches (earlier ones included), within the timeout.</summary>
    public Task<JsonElement> NextReceivedAsync(Func<JsonElement, bool> match, TimeSpan timeout) => NextAsync(_received.Reader, match, timeout);

    /// <summary>The next message the server sent that answers request <paramref name="id"/>.</summary>
    public Task<JsonElement> ReplyToAsync(JsonElement id, TimeSpan timeout) =>
        NextAsync(_received.Reader, m => m.TryGetProperty("id", out var replyId) && replyId.GetRawText() == id.GetRawText(), timeout);

    private static async Task<JsonElement> NextAsync(ChannelReader<JsonElement> reader, Func<JsonElement, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await foreach (var message in reader.ReadAllAsync(cancel.Token))
        {
            if (match(message))
            {
                return message;
            }
        }

        throw new InvalidOperationException("the socket was closed");
    }

    private static bool IsReply(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("id", out _) && Op(message) is "ok" or "error" or "pong" or "joined";

    /// <summary>The <c>op</c> of a message, or null when it has none.</summary>
    public static string? Op(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("op", out var op) ? op.GetString() : null;

    private static JsonElement Parse(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [GeneratedRegex("/ws$")]
    private static partial Regex WsPath();
}
