using System.Buffers.Text;
using System.Security.Cryptography;

namespace MeshCall.Contracts.Rooms;

/// <summary>Someone waiting in a room's lobby, as moderators see it (PROTOCOL.md `knock`).</summary>
[GenerateSerializer, Immutable, Alias("meshcall.LobbyKnock")]
public sealed record LobbyKnock([property: Id(0)] string LobbyId, [property: Id(1)] string Name)
{
    private const int RandomBytes = 16;

    /// <summary>Unguessable, like a peer id: knowing one is what lets a moderator admit, and a waiting client withdraw.</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
