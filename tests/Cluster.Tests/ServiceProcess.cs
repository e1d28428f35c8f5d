using System.Diagnostics;
using System.Net;

namespace MeshCall.Cluster.Tests;

/// <summary>
/// A silo or gateway running as a child process (`dotnet X.dll` in its bin folder), as it runs in production.
/// Its output is kept for failure messages; it is killed, with any children, when disposed.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly OutputTail _output = new(capacity: 60);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _counted = new();

    // MESHCALL_TEST_LOGS=dir keeps each process's whole output there, for a failure the last lines do not explain.
    private readonly TextWriter? _log;

    private ServiceProcess(string name, int httpPort, Process process)
    {
        if (Environment.GetEnvironmentVariable("MESHCALL_TEST_LOGS") is { Length: > 0 } logs)
        {
            Directory.CreateDirectory(logs);
            _log = TextWriter.Synchronized(new StreamWriter(Path.Combine(logs, $"{name}-{httpPort}.log")) { AutoFlush = true });
        }

        Name = name;
        HttpPort = httpPort;
        _process = process;
    }

    public string Name { get; }

    public int HttpPort { get; }

    public Uri HttpUri => new($"http://127.0.0.1:{HttpPort}/");

    public Uri WebSocketUri => new($"ws://127.0.0.1:{HttpPort}/ws");

    /// <summary>The muxer that runs this test host (set by the dotnet CLI), so children use the same runtime.</summary>
    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>The process's id, for reading its CPU time and memory from /proc.</summary>
    public int ProcessId => _process.Id;

    public static ServiceProcess Start(string name, string assemblyPath, int httpPort, IEnumerable<string> arguments) =>
        StartProgram(name, DotnetHost, Path.GetDirectoryName(assemblyPath)!, httpPort,
            [assemblyPath, "--urls", $"http://127.0.0.1:{httpPort}", .. arguments]);

    /// <summary>Starts any program that serves HTTP on <paramref name="httpPort"/> (with a /readyz) once it is up.</summary>
    public static ServiceProcess StartProgram(string name, string program, string workingDirectory, int httpPort, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var service = new ServiceProcess(name, httpPort, new Process { StartInfo = start });
        service._process.OutputDataReceived += (_, e) => service.Take(e.Data);
        service._process.ErrorDataReceived += (_, e) => service._output.Add(e.Data);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();

        // Dispose is the normal path; this covers a test host that exits without disposing fixtures.
        AppDomain.CurrentDomain.ProcessExit += service.OnHostExit;
        return service;
    }

    /// <summary>Starts counting the output lines that contain <paramref name="fragment"/>.</summary>
    public void Count(string fragment) => _counted.TryAdd(fragment, 0);

    /// <summary>How many output lines contained <paramref name="fragment"/> since <see cref="Count"/>.</summary>
    public int Counted(string fragment) => _counted.GetValueOrDefault(fragment);

    /// <summary>Polls GET /readyz until 200; fails early, with the output, if the process exits instead.</summary>
    public async Task WaitReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.{Environment.NewLine}{Describe()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(HttpUri, "readyz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or the readiness check itself timed out: poll again.
            }

            await Task.Delay(PollDelay);
        }

        throw new TimeoutException($"{Name} was not ready within {timeout}.{Environment.NewLine}{Describe()}");
    }

    /// <summary>Kills the process abruptly, as a crash or an OOM kill would: no graceful shutdown.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
    }

    /// <summary>Asks the process to stop (SIGTERM), as an orchestrator's rolling update or scale-down does.</summary>
    public void Terminate() => Signals.Terminate(_process);

    /// <summary>Waits for the process to end by itself; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>A header and the last lines of output, for failure messages.</summary>
    public string Describe()
    {
        string state;
        try
        {
            state = _process.HasExited ? $"exited {_process.ExitCode}" : "running";
        }
        catch (InvalidOperationException)
        {
            state = "not started";
        }

        return $"----- {Name} (http {HttpPort}, {state}), last output -----{Environment.NewLine}{_output}";
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnHostExit;
        Kill();
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed but slow to be reaped; nothing more a test can do about it.
        }

        _process.Dispose();
        _log?.Dispose();
    }

    private void OnHostExit(object? sender, EventArgs e) => Kill();

    private void Take(string? line)
    {
        _output.Add(line);
        _log?.WriteLine(line);
        if (line is null)
        {
            return;
        }

        foreach (var fragment in _counted.Keys)
        {
            if (line.Contains(fragment, StringComparison.Ordinal))
            {
                _counted.AddOrUpdate(fragment, 1, (_, n) => n + 1);
            }
        }
    }
}
