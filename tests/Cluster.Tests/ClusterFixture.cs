using Xunit.Sdk;

namespace MeshCall.Cluster.Tests;

/// <summary>
/// A real cluster on 127.0.0.1, every part its own process: redis-server holding the membership, three silos
/// and two gateways (Orleans clients), configured only through Cluster:Provider=Redis and their ports.
/// Tests that must kill a gateway start their own with <see cref="StartGatewayAsync"/>. A fixture of another
/// collection derives from it to give its silos more settings (<see cref="SiloArguments"/>) or fewer silos.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{

    /// <summary>How long a session outlives its connection here: long enough to resume after 5 s away.</summary>
    public static readonly TimeSpan ResumeWindow = TimeSpan.FromSeconds(8);

    /// <summary>The gateways' <c>Admin:ApiKey</c>.</summary>
    public const string AdminKey = "cluster-tests-admin-key";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // Above the gateway's own 2 s readiness deadline, so a slow check answers rather than times out here.
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<ServiceProcess> _processes = [];
    private readonly Lock _lock = new();
    private readonly string _clusterId = $"cluster-tests-{Guid.NewGuid():N}";
    private RedisServer? _redis;
    private ServiceProcess? _gateway1;
    private ServiceProcess? _gateway2;

    public ServiceProcess Gateway1 => _gateway1 ?? throw new InvalidOperationException("The cluster did not start.");

    public ServiceProcess Gateway2 => _gateway2 ?? throw new InvalidOperationException("The cluster did not start.");

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("The cluster did not start.");

    /// <summary>The silos and gateways that live as long as the fixture (not those a test started to kill).</summary>
    public IReadOnlyList<ServiceProcess> LongLived { get; private set; } = [];

    /// <summary>The fixture's silos (three here); a test that stops one puts a new one in its place.</summary>
    public IReadOnlyList<ServiceProcess> Silos { get; private set; } = [];

    public virtual async Task InitializeAsync()
    {
        try
        {
            _redis = await RedisServer.StartAsync();
            var silos = await Task.WhenAll(Enumerable.Range(1, SiloCount).Select(i => StartSiloAsync($"silo-{i}")));
            var gateways = await Task.WhenAll(StartGatewayAsync("gateway-1"), StartGatewayAsync("gateway-2"));
            (_gateway1, _gateway2) = (gateways[0], gateways[1]);
            Silos = silos;
            LongLived = [.. silos, .. gateways];
        }
        catch
        {
            // xunit may not dispose a fixture whose start failed; never leave processes behind.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a silo of this cluster and waits until it has joined; it is killed with the fixture.</summary>
    public async Task<ServiceProcess> StartSiloAsync(string name)
    {
        var ports = FreePorts.Take(3);
        var silo = Track(ServiceProcess.Start(name, BuildOutput.SiloDll, ports[0],
        [
            .. ClusterArguments,
            $"--Silo:SiloPort={ports[1]}", $"--Silo:GatewayPort={ports[2]}",
            $"--Rooms:ResumeWindow={ResumeWindow}",
            .. SiloArguments,
        ]));
        await silo.WaitReadyAsync(_http, StartTimeout);
        return silo;
    }

    /// <summary>Starts a silo in place of <paramref name="gone"/> (killed or stopped by a test), so later tests find three.</summary>
    public async Task ReplaceSiloAsync(ServiceProcess gone)
    {
        var replacement = await StartSiloAsync(gone.Name + "-next");
        Silos = [.. Silos.Select(s => s == gone ? replacement : s)];
        LongLived = [.. LongLived.Select(s => s == gone ? replacement : s)];
    }

    /// <summary>Starts another gateway of this cluster and waits until it is ready; it is killed with the fixture.</summary>
    public async Task<ServiceProcess> StartGatewayAsync(string name)
    {
        var gateway = Track(ServiceProcess.Start(name, BuildOutput.GatewayDll, FreePorts.Take(1)[0],
        [
            .. ClusterArguments,
            // Three missed heartbeats count as a drop: 3 s after a gateway dies. Shorter, a busy CI box's stalls
            // (seen: 1.6 s) would pass for a dead gateway.
            "--Gateway:HeartbeatInterval=00:00:01",
            $"--Admin:ApiKey={AdminKey}",
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

    public virtual async Task DisposeAsync()
    {
        ServiceProcess[] processes;
        lock (_lock)
        {
            processes = [.. _processes];
            _processes.Clear();
        }

        await Task.WhenAll(processes.Select(p => p.DisposeAsync().AsTask()));
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _http.Dispose();
    }

    /// <summary>How many silos the fixture starts.</summary>
    protected virtual int SiloCount => 3;

    /// <summary>Settings every silo of this fixture starts with besides the cluster's own; none here.</summary>
    protected virtual IEnumerable<string> SiloArguments => [];

    private string[] ClusterArguments =>
    [
        "--Cluster:Provider=Redis", $"--Cluster:Redis={_redis!.ConnectionString}",
        $"--Cluster:ClusterId={_clusterId}", $"--Cluster:ServiceId={_clusterId}",
    ];

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
