using MeshCall.Cluster.Tests;

namespace MeshCall.Bench.Targets;

/// <summary>Starts each server under test on 127.0.0.1, free ports, with its logs at Warning so no run measures a console.</summary>
public static class Servers
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private static readonly string[] Quiet = ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Orleans=Warning"];

    /// <summary>The gateway's default, said aloud: retention waits on it for acks to reach the sessions.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    /// <summary>MeshCall as the README runs it: one gateway process hosting its silo (<c>Cluster:Provider=Embedded</c>).</summary>
    public static async Task<ServerUnderTest> MeshCallEmbeddedAsync()
    {
        var ports = FreePorts.Take(3);
        var id = $"bench-{Guid.NewGuid():N}";
        var gateway = ServiceProcess.Start("meshcall", BuildOutput.GatewayDll, ports[0],
        [
            "--Cluster:Provider=Embedded", $"--Cluster:ClusterId={id}", $"--Cluster:ServiceId={id}",
            $"--Silo:SiloPort={ports[1]}", $"--Silo:GatewayPort={ports[2]}", "--Silo:Dashboard=false", $"--Gateway:HeartbeatInterval={Heartbeat}", .. Quiet,
        ]);
        var server = new ServerUnderTest([gateway.HttpUri], [("gateway+silo", gateway)]) { HeartbeatInterval = Heartbeat };
        await ReadyAsync(server);
        return server;
    }

    /// <summary>
    /// Two silos and two gateways on this box with redis-server holding the membership and grain state, its
    /// append-only file synced every second as production Redis usually is.
    /// </summary>
    public static async Task<ServerUnderTest> MeshCallClusterAsync()
    {
        var redis = await RedisServer.StartAsync(appendFsync: "everysec");
        var id = $"bench-{Guid.NewGuid():N}";
        string[] cluster = ["--Cluster:Provider=Redis", $"--Cluster:Redis={redis.ConnectionString}", $"--Cluster:ClusterId={id}", $"--Cluster:ServiceId={id}", .. Quiet];
        var processes = new List<(string, ServiceProcess)>();
        for (var i = 1; i <= 2; i++)
        {
            var ports = FreePorts.Take(3);
            processes.Add(("silo", ServiceProcess.Start($"silo-{i}", BuildOutput.SiloDll, ports[0],
                [.. cluster, $"--Silo:SiloPort={ports[1]}", $"--Silo:GatewayPort={ports[2]}", "--Silo:Dashboard=false"])));
        }

        var silos = new ServerUnderTest([], processes, redis);
        await ReadyAsync(silos);
        var gateways = Enumerable.Range(1, 2)
            .Select(i => ServiceProcess.Start($"gateway-{i}", BuildOutput.GatewayDll, FreePorts.Take(1)[0], [.. cluster, $"--Gateway:HeartbeatInterval={Heartbeat}"]))
            .ToArray();
        var server = new ServerUnderTest([.. gateways.Select(g => g.HttpUri)], [.. processes, .. gateways.Select(g => ("gateway", g))], redis) { HeartbeatInterval = Heartbeat };
        await ReadyAsync(server);
        return server;
    }

    /// <summary>The PeerJS server (npm <c>peer</c>, installed by scripts/deps.sh) under node.</summary>
    public static async Task<ServerUnderTest> PeerJsAsync()
    {
        var directory = Path.Combine(BuildOutput.RepositoryRoot.FullName, "tests", "Bench", "peerjs");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "peer")))
        {
            throw new InvalidOperationException($"The PeerJS server is not installed in {directory}; run scripts/deps.sh.");
        }

        var port = FreePorts.Take(1)[0];
        var node = ServiceProcess.StartProgram("peerjs", "node", directory, port, ["server.mjs", "--port", port.ToString()]);
        var server = new ServerUnderTest([node.HttpUri], [("peerjs", node)]);
        await ReadyAsync(server);
        return server;
    }

    /// <summary>The reference hub, this tool's own assembly in a process of its own.</summary>
    public static async Task<ServerUnderTest> PlainHubAsync()
    {
        var port = FreePorts.Take(1)[0];
        var hub = ServiceProcess.Start("plain-hub", typeof(Servers).Assembly.Location, port, ["plain-hub", .. Quiet]);
        var server = new ServerUnderTest([hub.HttpUri], [("hub", hub)]);
        await ReadyAsync(server);
        return server;
    }

    private static async Task ReadyAsync(ServerUnderTest server)
    {
        try
        {
            await Task.WhenAll(server.Processes.Select(p => p.Process.WaitReadyAsync(Http, StartTimeout)));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
