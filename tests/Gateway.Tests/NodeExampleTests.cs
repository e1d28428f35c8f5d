using System.Diagnostics;
using MeshCall.Gateway.Tests.Abuse;

namespace MeshCall.Gateway.Tests;

/// <summary>
/// The README's first taste of the protocol, <c>examples/node-hello.mjs</c>, run with the node that
/// <c>scripts/deps.sh</c> installs: it joins, then leaves, so the others see it go at once, and it exits.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class NodeExampleTests(EmbeddedGateway gateway)
{
    [Fact]
    public async Task The_node_example_joins_leaves_and_exits()
    {
        var room = "node-" + Guid.NewGuid().ToString("N");
        await using var member = await WebSocketProbe.ConnectAsync(gateway.WebSocket);
        await member.JoinAsync(room, token: null, name: "member");

        using var node = Process.Start(new ProcessStartInfo("node", ["--experimental-websocket", Script, gateway.WebSocket.ToString(), room, "1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var output = node.StandardOutput.ReadToEndAsync();
            var joined = await member.NextEventAsync();
            Assert.Equal("peer-joined", joined.Op);
            var left = await member.NextEventAsync();
            Assert.Equal(("peer-left", "left"), (left.Op, left.Body.GetProperty("reason").GetString()));

            await node.WaitForExitAsync().WaitAsync(Probe.Timeout);
            Assert.Equal(0, node.ExitCode);
            Assert.Contains("\"op\":\"joined\"", await output);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
    }

    private static string Script
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var script = Path.Combine(dir.FullName, "examples", "node-hello.mjs");
                if (File.Exists(script))
                {
                    return script;
                }
            }

            throw new FileNotFoundException("examples/node-hello.mjs not found above " + AppContext.BaseDirectory);
        }
    }
}
