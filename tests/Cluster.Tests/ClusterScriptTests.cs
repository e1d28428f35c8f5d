using System.Diagnostics;
using System.Text.RegularExpressions;
using MeshCall.Client;

namespace MeshCall.Cluster.Tests;

/// <summary>scripts/cluster.sh, as the README tells a person to run it: up, use it, down.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusterScriptTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"meshcall-cluster-{Guid.NewGuid():N}");

    [Fact]
    public async Task Up_starts_redis_three_silos_and_two_gateways_that_relay_and_down_stops_exactly_those()
    {
        var (up, progress) = await RunScriptAsync("up");
        try
        {
            var pids = Pids();
            Assert.Equal(["gateway-1", "gateway-2", "redis", "silo-1", "silo-2", "silo-3"], pids.Keys.Order());
            Assert.All(Status(up), line => Assert.Contains("running", line));

            // While it starts, it says what it is waiting for, one step at a time (on stderr: stdout is the table).
            Assert.Equal(
                ["starting redis-server", "starting 3 silos", "silo-1 ready", "silo-2 ready", "silo-3 ready", "starting 2 gateways", "gateway-1 ready", "gateway-2 ready"],
                Progress().Matches(progress).Select(m => m.Groups[1].Value));
            var sockets = WebSockets(up);
            Assert.Equal(2, sockets.Count);

            var room = Mesh.NewRoom();
            await using var a = await MeshCallClient.ConnectAsync(sockets[0]);
            await using var b = await MeshCallClient.ConnectAsync(sockets[1]);
            var joinedA = await a.JoinAsync(room, "alice");
            var joinedB = await b.JoinAsync(room, "bob");
            await b.SignalAsync(joinedA.PeerId, "offer", """{"sdp":"x"}""");
            await a.ExpectEventAsync("peer-joined");
            Mesh.AssertSignal(await a.ExpectEventAsync("signal"), joinedB.PeerId, "offer", """{"sdp":"x"}""");
        }
        finally
        {
            var pids = Pids();
            await RunScriptAsync("down");
            Assert.All(pids.Values, pid => Assert.False(IsRunning(pid), $"process {pid} outlived `down`"));
        }
    }

    public void Dispose()
    {
        // Should the test itself fail before `down`, leave nothing running.
        foreach (var pid in Pids().Values.Where(IsRunning))
        {
            Process.GetProcessById(pid).Kill();
        }

        Directory.Delete(_state, recursive: true);
    }

    private async Task<(string Output, string Errors)> RunScriptAsync(string command)
    {
        var script = Path.Combine(BuildOutput.RepositoryRoot.FullName, "scripts", "cluster.sh");
        var start = new ProcessStartInfo("bash", [script, command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["NO_BUILD"] = "1", ["CLUSTER_STATE"] = _state },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"cluster.sh {command} exited {process.ExitCode}: {await output}{await errors}");
        return (await output, await errors);
    }

    private Dictionary<string, int> Pids() =>
        Directory.Exists(_state)
            ? Directory.GetFiles(_state, "*.pid").ToDictionary(
                f => Path.GetFileNameWithoutExtension(f), f => int.Parse(File.ReadAllText(f).Split(' ')[0]))
            : [];

    private static string[] Status(string output) => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static List<Uri> WebSockets(string output) => [.. WebSocketUrl().Matches(output).Select(m => new Uri(m.Value))];

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"ws://127\.0\.0\.1:\d+/ws")]
    private static partial Regex WebSocketUrl();

    [GeneratedRegex(@"^cluster\.sh: (starting redis-server|starting \d+ \w+|[a-z]+-\d+ ready)", RegexOptions.Multiline)]
    private static partial Regex Progress();
}
