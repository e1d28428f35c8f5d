using System.Text.Json;

namespace MeshCall.Gateway.Tests.Abuse;

/// <summary>
/// A member that stops reading while five others broadcast 60 KiB each: it is closed once its backlog passes the
/// gateway's bound, and the members who read go on hearing everything.
/// </summary>
public static class SlowMemberCase
{
    public static async Task RunAsync(AbuseGateway gateway, string transport)
    {
        var room = "slow-" + Guid.NewGuid().ToString("N");
        var senders = new List<Probe>();
        for (var i = 0; i < 5; i++)
        {
            senders.Add(await gateway.ProbeAsync("ws"));
            await senders[i].JoinAsync(room, AbuseGateway.Grant(room), $"s{i}");
        }

        await using var slow = Backpressure.SlowMember.Create(transport, gateway);
        var (slowId, _) = await slow.JoinAndStallAsync(room, AbuseGateway.Grant(room));

        // One sender after the other, each well within its request burst (its join took one): 5 × 36 × 60 KiB, past the
        // 4 MiB bound and what the sockets hold. Each broadcast waits until the members who read have it, so on a busy
        // machine none of them falls behind by the bound.
        var padding = new string('x', 60 * 1024);
        var slowGone = false;
        foreach (var sender in senders)
        {
            for (var n = 0; n < 36; n++)
            {
                await sender.RequestAsync("broadcast", $$$"""{"data":{"pad":"{{{padding}}}"}}""");
                foreach (var reader in senders.Where(r => r != sender))
                {
                    slowGone |= await NextBroadcastNotingAsync(reader, slowId);
                }
            }
        }

        while (!slowGone)
        {
            var (op, body) = await senders[0].NextEventAsync();
            slowGone = IsGone(op, body, slowId);
        }

        Assert.True(await slow.ReadUntilClosedAsync());
        foreach (var sender in senders)
        {
            await sender.DisposeAsync();
        }
    }

    /// <summary>Reads up to the next broadcast; true if on the way the reader heard the slow member go.</summary>
    private static async Task<bool> NextBroadcastNotingAsync(Probe reader, string slowId)
    {
        var gone = false;
        while (true)
        {
            var (op, body) = await reader.NextEventAsync();
            if (op == "broadcast")
            {
                return gone;
            }

            gone |= IsGone(op, body, slowId);
        }
    }

    private static bool IsGone(string op, JsonElement body, string peer) =>
        op == "peer-state" && body.GetProperty("peerId").GetString() == peer && body.GetProperty("state").GetString() == "reconnecting";
}
