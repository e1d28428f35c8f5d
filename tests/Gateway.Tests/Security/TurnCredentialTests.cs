using System.Security.Cryptography;
using System.Text;
using MeshCall.Client;
using MeshCall.Gateway.Security;

namespace MeshCall.Gateway.Tests.Security;

/// <summary>Each <c>joined</c> carries TURN credentials in the form coturn's <c>use-auth-secret</c> checks.</summary>
[Collection(SecuredGatewayCollection.Name)]
public sealed class TurnCredentialTests(SecuredGateway gateway)
{
    [Fact]
    public async Task Turn_entries_get_expiry_colon_peer_id_and_its_hmac_and_stun_entries_stay_as_configured()
    {
        await using var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var before = DateTimeOffset.UtcNow;
        var joined = await client.JoinAsync("turn-" + Guid.NewGuid().ToString("N"), "alice", token: GrantMinter.Mint(SecuredGateway.SigningKey, "*", "alice"));

        var servers = joined.IceServers.EnumerateArray().ToList();
        Assert.Equal(2, servers.Count);
        Assert.False(servers[0].TryGetProperty("username", out _));
        Assert.Equal(["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"], servers[1].GetProperty("urls").EnumerateArray().Select(u => u.GetString()));

        var username = servers[1].GetProperty("username").GetString()!;
        var (expiry, peer) = (long.Parse(username.Split(':')[0]), username.Split(':')[1]);
        Assert.Equal(joined.PeerId, peer);
        Assert.InRange(expiry, (before + TimeSpan.FromHours(1)).ToUnixTimeSeconds() - 1, (DateTimeOffset.UtcNow + TimeSpan.FromHours(1)).ToUnixTimeSeconds() + 1);
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(SecuredGateway.TurnSecret), Encoding.UTF8.GetBytes(username)));
        Assert.Equal(expected, servers[1].GetProperty("credential").GetString());
    }
}
