using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

/// <summary>
/// A person who does not answer the camera prompt is not left at "Starting camera…": after a few seconds the page
/// joins to watch and listen and says so, and a camera allowed later still joins the call.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CameraPromptTests(BrowserCallFixture fixture, ITestOutputHelper output)
{
    // What a page gets while a camera prompt is open: a getUserMedia promise that has not settled, here until the
    // test calls answerPrompt(). (Headless Chromium without its fake-UI flag does not keep a prompt open reliably:
    // it sometimes dismisses it.)
    private const string UnansweredPrompt =
        """
        const ask = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        let answer;
        const answered = new Promise(resolve => { answer = resolve; });
        window.answerPrompt = () => answer();
        navigator.mediaDevices.getUserMedia = constraints => answered.then(() => ask(constraints));
        """;

    private const string VideoArrivesFromTheOnlyPeer =
        """
        async () => {
          const pc = meshcall.connections.values().next().value;
          if (pc?.connectionState !== 'connected') return false;
          let frames = 0;
          (await pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0; });
          return frames > 0;
        }
        """;

    [Fact]
    public async Task A_camera_prompt_nobody_answers_joins_to_watch_and_listen_after_a_few_seconds_and_says_so()
    {
        var room = $"prompt-{Guid.NewGuid():N}";
        await using var context = await ContextWithUnansweredPromptAsync();
        var watcher = await JoinAsync(context, room, "watcher");

        Assert.True(await watcher.EvaluateAsync<bool>("() => meshcall.stream === null"), "joined with a stream nobody allowed");
        Assert.Contains(await watcher.Locator("#chat-log li").AllTextContentsAsync(),
            note => note.StartsWith("The camera and microphone did not start within 5 s: joining to watch and listen.", StringComparison.Ordinal));

        // It watches: a member with a camera connects to it, and that member's video plays there.
        await using var speaker = await CallPage.JoinAsync(fixture, room, "speaker", output);
        await WaitAsync(watcher, VideoArrivesFromTheOnlyPeer);
        Assert.Equal([speaker.PeerId], await watcher.EvaluateAsync<string[]>("() => [...meshcall.connections.keys()]"));
    }

    [Fact]
    public async Task A_camera_allowed_after_the_page_joined_without_it_is_sent_to_the_others()
    {
        var room = $"late-camera-{Guid.NewGuid():N}";
        await using var context = await ContextWithUnansweredPromptAsync();
        var latecomer = await JoinAsync(context, room, "latecomer");
        await using var other = await CallPage.JoinAsync(fixture, room, "other", output);
        await WaitAsync(latecomer, "() => meshcall.connections.values().next().value?.connectionState === 'connected'");

        await latecomer.EvaluateAsync("() => answerPrompt()");

        await WaitAsync(latecomer, "() => [...document.querySelectorAll('#chat-log li')].some(li => li.textContent === 'Camera and microphone on.')");
        await other.WaitAsync(VideoArrivesFromTheOnlyPeer);
    }

    /// <summary>A person's browser whose camera prompt stays open until the page calls <c>answerPrompt()</c>.</summary>
    private async Task<IBrowserContext> ContextWithUnansweredPromptAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"] });
        await context.AddInitScriptAsync(UnansweredPrompt);
        return context;
    }

    /// <summary>Opens the call page, sees it ask for the camera, and waits until it has joined all the same.</summary>
    private async Task<IPage> JoinAsync(IBrowserContext context, string room, string name)
    {
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => output.WriteLine($"[{name} page error] {error}");
        await page.GotoAsync(fixture.CallPageUrl(room, name).ToString());

        await WaitAsync(page, "() => document.querySelector('#status').textContent === 'Starting camera…'");
        await WaitAsync(page, "() => window.meshcall?.state === 'joined'");
        return page;
    }

    private static async Task WaitAsync(IPage page, string predicate)
    {
        try
        {
            await page.WaitForFunctionAsync(predicate, null, new PageWaitForFunctionOptions { Timeout = (float)CallPage.Timeout.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (TimeoutException timeout)
        {
            var shows = await page.EvaluateAsync<string>("() => `status '${document.querySelector('#status').textContent}', state ${window.meshcall?.state}`");
            throw new TimeoutException($"never {predicate}; the page shows {shows}", timeout);
        }
    }
}
