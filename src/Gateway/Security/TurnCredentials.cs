using System.Security.Cryptography;
using System.Text;
using MeshCall.Contracts.Peers;
using MeshCall.Gateway.Sessions;

namespace MeshCall.Gateway.Security;

/// <summary>
/// Short-lived TURN credentials in the TURN REST API form that coturn checks with <c>use-auth-secret</c>:
/// username <c>expiry:peerId</c> (expiry in Unix seconds), credential base64(HMAC-SHA1(secret, username)).
/// Only a member gets them, in its <c>joined</c>.
/// </summary>
public static class TurnCredentials
{
    public static IReadOnlyList<IceServer> For(PeerId peer, IceOptions ice, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(ice.TurnSecret))
        {
            return ice.Servers;
        }

        var username = $"{(now + ice.TurnTtl).ToUnixTimeSeconds()}:{peer.Value}";
        var credential = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(ice.TurnSecret), Encoding.UTF8.GetBytes(username)));
        return [.. ice.Servers.Select(server => server.Username is null && server.Urls.Any(IsTurn)
            ? new IceServer { Urls = server.Urls, Username = username, Credential = credential }
            : server)];
    }

    private static bool IsTurn(string url) =>
        url.StartsWith("turn:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("turns:", StringComparison.OrdinalIgnoreCase);
}
