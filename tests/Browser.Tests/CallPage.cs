using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

/// <summary>
/// One person in a call: the demo page in its own browser context, joined with the fake camera. Reads what the
/// page's <c>window.meshcall</c> (its MeshClient) holds, and waits on it with timeouts, never fixed sleeps.
/// </summary>
public sealed class CallPage : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly IBrowserContext _context;

    private CallPage(IBrowserContext context, IPage page, string name)
    {
        _context = context;
        Page = page;
        Name = name;
    }

    public IPage Page { get; }

    public string Name { get; }

    public string PeerId { get; private set; } = "";

    /// <summary>Opens the call page with <c>autojoin=1</c> and waits for <c>joined</c>.</summary>
    public static async Task<CallPage> JoinAsync(BrowserCallFixture fixture, string room, string name, ITestOutputHelper output, WebSocketGate? gate = null)
    {
        var call = await OpenAsync(fixture, room, name, output, gate);
        await call.WaitForJoinAsync();
        return call;
    }

    /// <summary>Opens the call page with <c>autojoin=1</c>, without waiting for the join to succeed.</summary>
    public static async Task<CallPage> OpenAsync(BrowserCallFixture fixture, string room, string name, ITestOutputHelper output, WebSocketGate? gate = null)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"] });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                output.WriteLine($"[{name} console.{message.Type}] {message.Text}");
            }
        };
        page.PageError += (_, error) => output.WriteLine($"[{name} page error] {error}");
        if (gate is not null)
        {
            await gate.RouteAsync(page);
        }

        var call = new CallPage(context, page, name);
        await page.GotoAsync(fixture.CallPageUrl(room, name).ToString());
        return call;
    }

    /// <summary>Waits until the page's client is joined, and learns its (possibly new) peer id.</summary>
    public async Task WaitForJoinAsync()
    {
        await WaitAsync("() => window.meshcall?.state === 'joined'");
        PeerId = await Page.EvaluateAsync<string>("() => meshcall.peerId");
    }

    public Task<T> EvaluateAsync<T>(string script, object? arg = null) => Page.EvaluateAsync<T>(script, arg);

    /// <summary>Waits until a page-side predicate holds; the predicate may be async.</summary>
    public async Task WaitAsync(string predicate, object? arg = null)
    {
        try
        {
            await Page.WaitForFunctionAsync(predicate, arg, new PageWaitForFunctionOptions
            {
                Timeout = (float)Timeout.TotalMilliseconds,
                PollingInterval = 100,
            });
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{Name} never satisfied {predicate}\n{Name} holds: {await DescribeAsync()}", timeout);
        }
    }

    /// <summary>The main tile the page shows for <paramref name="peer"/>.</summary>
    public ILocator TileOf(CallPage peer) => Page.Locator($".tile[data-peer-id=\"{peer.PeerId}\"]");

    /// <summary>What the page's client holds, for a failure message.</summary>
    public async Task<string> DescribeAsync()
    {
        try
        {
            return await Page.EvaluateAsync<string>(
                """
                () => JSON.stringify({
                  state: window.meshcall?.state, peerId: window.meshcall?.peerId,
                  peers: [...(window.meshcall?.peers.values() ?? [])],
                  connections: [...(window.meshcall?.connections ?? [])].map(([id, pc]) => ({
                    id, connection: pc.connectionState, ice: pc.iceConnectionState, gathering: pc.iceGatheringState,
                    signaling: pc.signalingState, local: pc.localDescription?.type, remote: pc.remoteDescription?.type })),
                  stats: window.meshcall?.connectionStats(),
                })
                """);
        }
        catch (PlaywrightException error)
        {
            return $"(unreadable: {error.Message})";
        }
    }

    /// <summary>Waits until the page holds exactly one connection to each of <paramref name="peers"/>, all connected.</summary>
    public Task WaitForConnectionsAsync(params CallPage[] peers) =>
        WaitAsync(
            """
            ids => meshcall.connections.size === ids.length
              && ids.every(id => meshcall.connections.get(id)?.connectionState === 'connected')
            """,
            peers.Select(p => p.PeerId).ToArray());

    /// <summary>Peer id → connectionState of every connection the page holds.</summary>
    public async Task<Dictionary<string, string>> ConnectionStatesAsync()
    {
        // Pairs, not an object: Playwright adds a "$id" member to every object it returns.
        var states = await Page.EvaluateAsync<JsonElement>("() => [...meshcall.connections].map(([id, pc]) => [id, pc.connectionState])");
        return states.EnumerateArray().ToDictionary(pair => pair[0].GetString()!, pair => pair[1].GetString()!);
    }

    /// <summary>Peer id → video frames decoded so far on that connection, from <c>getStats()</c>.</summary>
    public async Task<Dictionary<string, long>> FramesDecodedAsync()
    {
        var frames = await Page.EvaluateAsync<JsonElement>(FramesDecodedScript);
        return frames.EnumerateArray().ToDictionary(pair => pair[0].GetString()!, pair => pair[1].GetInt64());
    }

    /// <summary>Waits until video frames decoded grow past <paramref name="baseline"/> on every connection.</summary>
    public Task WaitForFramesBeyondAsync(Dictionary<string, long> baseline) =>
        WaitAsync(
            $$"""
            async baseline => {
              const frames = new Map(await ({{FramesDecodedScript}})());
              return baseline.every(([id, before]) => frames.get(id) > before);
            }
            """,
            baseline.Select(pair => new object[] { pair.Key, pair.Value }).ToArray());

    /// <summary>Waits until the chat panel shows exactly this line.</summary>
    public Task WaitForChatLineAsync(string line) =>
        WaitAsync("line => [...document.querySelectorAll('#chat-log li')].some(li => li.textContent === line)", line);

    /// <summary>Waits until the chat panel shows a line that starts with <paramref name="prefix"/>.</summary>
    public Task WaitForChatLineStartingAsync(string prefix) =>
        WaitAsync("prefix => [...document.querySelectorAll('#chat-log li')].some(li => li.textContent.startsWith(prefix))", prefix);

    /// <summary>The lines of the page's chat panel (chat and join/leave notes), as a user reads them.</summary>
    public async Task<string[]> ChatLogAsync() => [.. await Page.Locator("#chat-log li").AllTextContentsAsync()];

    /// <summary>Remembers the page's current RTCPeerConnection objects, to check later that they were kept.</summary>
    public Task RememberConnectionsAsync() => Page.EvaluateAsync("() => { window.remembered = new Map(meshcall.connections); }");

    /// <summary>Whether the connection to <paramref name="peer"/> is still the very object remembered earlier.</summary>
    public Task<bool> KeptConnectionToAsync(CallPage peer) =>
        Page.EvaluateAsync<bool>("id => meshcall.connections.get(id) === window.remembered.get(id)", peer.PeerId);

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    private const string FramesDecodedScript =
        """
        async () => {
          const result = [];
          for (const [id, pc] of meshcall.connections) {
            const report = await pc.getStats();
            let frames = 0;
            report.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0; });
            result.push([id, frames]);
          }
          return result;
        }
        """;
}
