using Xunit.Sdk;

namespace MeshCall.Cluster.Tests;

/// <summary>
/// A real cluster on 127.0.0.1: one silo and two gateways (Orleans clients of it), each its own process.
/// Tests that must kill a gateway start their own with <see cref="StartGatewayAsync"/>.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // Above the gateway's own 2 s readiness deadline, so a slow check answers rather than times out here.
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<ServiceProcess> _processes = [];
    private readonly Lock _lock = new();
    private readonly string _clusterId = $"cluster-tests-{Guid.NewGuid():N}";
    private int _siloGatewayPort;
    private ServiceProcess? _gateway1;
    private ServiceProcess? _gateway2;

    public ServiceProcess Gateway1 => _gateway1 ?? throw new InvalidOperationException("The cluster did not start.");

    public ServiceProcess Gateway2 => _gateway2 ?? throw new InvalidOperationException("The cluster did not start.");

    public async Task InitializeAsync()
    {
        try
        {
            var ports = FreePorts.Take(3);
            _siloGatewayPort = ports[2];
            var silo = Track(ServiceProcess.Start("silo", BuildOutput.SiloDll, ports[0],
            [
                "--Cluster:Provider=Localhost", $"--Cluster:ClusterId={_clusterId}", $"--Cluster:ServiceId={_clusterId}",
                $"--Silo:SiloPort={ports[1]}", $"--Silo:GatewayPort={_siloGatewayPort}",
                // Short, so the gateway-death test sees a session time out in seconds.
                "--Rooms:ResumeWindow=00:00:03",
            ]));
            await silo.WaitReadyAsync(_http, StartTimeout);
            var gateways = await Task.WhenAll(StartGatewayAsync("gateway-1"), StartGatewayAsync("gateway-2"));
            (_gateway1, _gateway2) = (gateways[0], gateways[1]);
        }
        catch
        {
            // xunit may not dispose a fixture whose start failed; never leave processes behind.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts another gateway of this cluster and waits until it is ready; it is killed with the fixture.</summary>
    public async Task<ServiceProcess> StartGatewayAsync(string name)
    {
        var gateway = Track(ServiceProcess.Start(name, BuildOutput.GatewayDll, FreePorts.Take(1)[0],
        [
            "--Cluster:Provider=Localhost", $"--Cluster:ClusterId={_clusterId}", $"--Cluster:ServiceId={_clusterId}",
            $"--Cluster:GatewayPort={_siloGatewayPort}",
            // Three missed heartbeats count as a drop: 1.5 s after a gateway dies.
            "--Gateway:HeartbeatInterval=00:00:00.500",
        ]));
        await gateway.WaitReadyAsync(_http, StartTimeout);
        return gateway;
    }

    /// <summary>Runs a test body; a failure carries the servers' recent output, which is where the cause usually is.</summary>
    public async Task RunAsync(Func<Task> test)
    {
        try
        {
            await test();
        }
        catch (Exception ex)
        {
            throw new XunitException($"{ex.GetType().Name}: {ex.Message}{Environment.NewLine}{Describe()}", ex);
        }
    }

    public async Task DisposeAsync()
    {
        ServiceProcess[] processes;
        lock (_lock)
        {
            processes = [.. _processes];
            _processes.Clear();
        }

        await Task.WhenAll(processes.Select(p => p.DisposeAsync().AsTask()));
        _http.Dispose();
    }

    private string Describe()
    {
        lock (_lock)
        {
            return string.Join(Environment.NewLine, _processes.Select(p => p.Describe()));
        }
    }

    private ServiceProcess Track(ServiceProcess process)
    {
        lock (_lock)
        {
            _processes.Add(process);
        }

        return process;
    }
}
