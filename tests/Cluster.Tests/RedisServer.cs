using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace MeshCall.Cluster.Tests;

/// <summary>
/// A real <c>redis-server</c> (Debian's, installed by scripts/deps.sh) on a free loopback port: the cluster's
/// membership store. It keeps an append-only file in a temporary folder, so a restart finds the membership
/// again, as a production Redis would. Killed, and its folder deleted, when disposed.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly OutputTail _output = new(capacity: 20);
    private readonly string _directory = Directory.CreateTempSubdirectory("meshcall-redis-").FullName;
    private Process? _process;

    private readonly string _appendFsync;

    private RedisServer(int port, string appendFsync) => (Port, _appendFsync) = (port, appendFsync);

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string the silos and gateways are given.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <param name="appendFsync">
    /// Redis' <c>appendfsync</c>: <c>always</c> (the tests: nothing acknowledged is lost) or <c>everysec</c> (the
    /// usual production setting, which the benchmark uses).
    /// </param>
    public static async Task<RedisServer> StartAsync(string appendFsync = "always")
    {
        var redis = new RedisServer(FreePorts.Take(1)[0], appendFsync);
        await redis.RunAsync();
        return redis;
    }

    /// <summary>Starts (or restarts, on the same port) the server and waits until it answers PING.</summary>
    public async Task RunAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _directory, "--save", "", "--appendonly", "yes", "--appendfsync", _appendFsync })
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        _process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += OnHostExit;

        var clock = Stopwatch.StartNew();
        while (!await AnswersPingAsync())
        {
            if (_process.HasExited || clock.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"redis-server on {Port} did not start.{Environment.NewLine}{_output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Stops the server, as an outage would; <see cref="RunAsync"/> brings it back on the same port.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnHostExit;
        try
        {
            // SIGTERM: redis-server flushes its append-only file and exits, as `systemctl stop` would.
            Signals.Terminate(process);
            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }

        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"));
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void OnHostExit(object? sender, EventArgs e) => _process?.Kill();
}
