using System.Diagnostics;
using System.Net;
using System.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshCall.Gateway.Tests.Hosting;

/// <summary>A gateway that starts cleanly says nothing an operator would have to look into.</summary>
public sealed class CleanStartTests(CleanStartTests.WatchedGateway gateway) : IClassFixture<CleanStartTests.WatchedGateway>
{
    [Fact]
    public async Task A_clean_start_logs_no_warning_or_error()
    {
        using var http = new HttpClient();
        await WaitReadyAsync(http, new Uri(gateway.Http, "/readyz"));

        var said = gateway.Log.Lines.Where(line => !AboutTheTestHostsGc(line)).ToList();
        Assert.True(said.Count == 0, string.Join("\n", said));
    }

    [Fact]
    public void The_clock_of_the_silo_watchdog_counts_from_the_silo_start_not_from_the_machine_boot()
    {
        // The watchdog's first reading may be against timestamp 0: from the machine's boot, it warned of a stall as
        // long as the machine's uptime.
        var clock = gateway.Services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Membership);
        var processAge = DateTime.Now - Process.GetCurrentProcess().StartTime;

        Assert.InRange(clock.GetElapsedTime(0), TimeSpan.Zero, processAge);
    }

    /// <summary>
    /// Orleans' notes that the process runs workstation GC: true of this test host only. A gateway runs server GC (the
    /// Web SDK's default, and the image's), and says nothing of it.
    /// </summary>
    private static bool AboutTheTestHostsGc(string line) =>
        !GCSettings.IsServerGC && line.StartsWith("Warning Orleans.Runtime.Silo: Note: ", StringComparison.Ordinal) && line.Contains("ServerGC", StringComparison.Ordinal);

    private static async Task WaitReadyAsync(HttpClient http, Uri readyz)
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        while (true)
        {
            using var response = await http.GetAsync(readyz, timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }
    }

    /// <summary>The gateway as it runs by default, its log at Warning and above captured from the first line.</summary>
    public sealed class WatchedGateway : EmbeddedGateway
    {
        public CapturedLog Log { get; } = new(LogLevel.Warning);

        protected override void Configure(WebApplicationBuilder builder) => builder.Logging.AddProvider(Log);
    }
}
