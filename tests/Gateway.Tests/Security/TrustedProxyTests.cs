namespace MeshCall.Gateway.Tests.Security;

/// <summary>
/// Per-address limits behind a reverse proxy: the client's address comes from <c>X-Forwarded-For</c> only when the
/// connection comes from a configured proxy, IPv6 addresses count by their /64, and a valid resume token is never
/// refused for what others did from the same address.
/// </summary>
public sealed class TrustedProxyTests(ProxiedGateway gateway) : IClassFixture<ProxiedGateway>
{
    [Fact]
    public async Task Clients_behind_the_known_proxy_each_have_their_own_budget()
    {
        var (first, second) = (Address(), Address());
        Assert.Equal("joined", await JoinAsync(ProxiedGateway.Proxy, first));
        Assert.Equal("joined", await JoinAsync(ProxiedGateway.Proxy, second));
        Assert.Equal("rate-limited", await JoinAsync(ProxiedGateway.Proxy, first));
    }

    [Fact]
    public async Task The_header_from_anyone_but_the_known_proxy_is_ignored()
    {
        // 127.0.0.3 is no proxy: its clients are counted as 127.0.0.3, whatever they claim.
        Assert.Equal("joined", await JoinAsync("127.0.0.3", Address()));
        Assert.Equal("rate-limited", await JoinAsync("127.0.0.3", Address()));
    }

    [Fact]
    public async Task IPv6_clients_are_counted_by_their_64_bit_prefix()
    {
        Assert.Equal("joined", await JoinAsync(ProxiedGateway.Proxy, "2001:db8:1:2::1"));
        Assert.Equal("rate-limited", await JoinAsync(ProxiedGateway.Proxy, "2001:db8:1:2:ffff:ffff:ffff:fffe"));
        Assert.Equal("joined", await JoinAsync(ProxiedGateway.Proxy, "2001:db8:1:3::1"));
    }

    [Fact]
    public async Task A_valid_resume_is_never_refused_after_failed_ones_from_the_same_address()
    {
        var address = Address();
        var room = "proxied-" + Guid.NewGuid().ToString("N");
        string token;
        await using (var member = await ForwardedClient.ConnectAsync(gateway.WebSocket, ProxiedGateway.Proxy, address))
        {
            token = (await member.RequestAsync(new { op = "join", room })).GetProperty("resumeToken").GetString()!;
        }

        await using var guesser = await ForwardedClient.ConnectAsync(gateway.WebSocket, ProxiedGateway.Proxy, address);
        Assert.Equal("resume-expired", await guesser.JoinAsync(room, "AAAAAAAAAAAAAAAAAAAAAA.forged"));
        Assert.Equal("rate-limited", await guesser.JoinAsync(room, "AAAAAAAAAAAAAAAAAAAAAA.forged"));

        // A resume that names the wrong room is refused without spending the token.
        await using var back = await ForwardedClient.ConnectAsync(gateway.WebSocket, ProxiedGateway.Proxy, address);
        Assert.Equal("rate-limited", await back.JoinAsync("not-" + room, token));
        Assert.Equal("joined", await back.JoinAsync(room, token));
    }

    private static int _next;

    /// <summary>A client address of its own; the proxy's chain puts the client last.</summary>
    private static string Address() => $"198.51.100.7, 203.0.113.{Interlocked.Increment(ref _next)}";

    private async Task<string> JoinAsync(string from, string forwardedFor)
    {
        await using var client = await ForwardedClient.ConnectAsync(gateway.WebSocket, from, forwardedFor);
        return await client.JoinAsync("proxied-" + Guid.NewGuid().ToString("N"));
    }
}
