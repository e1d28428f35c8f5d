using Microsoft.Playwright;

namespace MeshCall.Browser.Tests;

/// <summary>
/// The gateway in embedded mode and one headless Debian Chromium (fake camera and microphone). Every call page
/// gets its own browser context, so pages share nothing but the server, as separate people would.
/// </summary>
public sealed class BrowserCallFixture : IAsyncLifetime
{
    // The flags the machine needs to run Chromium as root, headless, with no network beyond loopback.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
        "--autoplay-policy=no-user-gesture-required",
    ];

    private IPlaywright _playwright = null!;

    public EmbeddedGateway Gateway { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("MESHCALL_CHROMIUM") ?? "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"No Chromium at {ChromiumPath}: scripts/test.sh installs Debian's chromium package.");
        }

        await Gateway.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        await Gateway.DisposeAsync();
    }

    public Uri CallPageUrl(string room, string name) =>
        new(Gateway.Http, $"/?room={Uri.EscapeDataString(room)}&name={Uri.EscapeDataString(name)}&autojoin=1");
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserCallFixture>
{
    public const string Name = "browser";
}
