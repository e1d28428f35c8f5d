using System.Security.Cryptography;
using System.Text;
using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Peers;

/// <summary>
/// What of a session survives the loss of its silo: its room, name, resume secret (as a hash: storage
/// never holds a usable token), the connection it was on, and how many times it has been restored.
/// Written on join, resume and leave, never per signal.
/// </summary>
[GenerateSerializer, Alias("meshcall.PeerSessionState")]
public sealed class PeerSessionState
{
    [Id(0)]
    public RoomId? Room { get; set; }

    [Id(1)]
    public string Name { get; set; } = string.Empty;

    [Id(2)]
    public byte[] SecretHash { get; set; } = [];

    [Id(3)]
    public int MaxPeers { get; set; }

    [Id(4)]
    public GatewayConnection? Connection { get; set; }

    /// <summary>Grows by one each time the session is restored, so event numbers never repeat.</summary>
    [Id(5)]
    public long Epoch { get; set; }

    /// <summary>Sets a fresh secret and returns it; only its hash is kept.</summary>
    public string NewSecret()
    {
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        SecretHash = Hash(secret);
        return secret;
    }

    public bool SecretMatches(string secret) =>
        SecretHash.Length > 0 && CryptographicOperations.FixedTimeEquals(Hash(secret), SecretHash);

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
