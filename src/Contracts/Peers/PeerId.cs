using System.Buffers.Text;
using System.Security.Cryptography;

namespace MeshCall.Contracts.Peers;

/// <summary>A server-assigned participant id: 16 random bytes, base64url (22 chars).</summary>
[GenerateSerializer, Immutable, Alias("meshcall.PeerId")]
public readonly record struct PeerId([property: Id(0)] string Value)
{
    private const int RandomBytes = 16;
    private const int MaxLength = 64;

    public static PeerId New()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(bytes);
        return new PeerId(Base64Url.EncodeToString(bytes));
    }

    /// <summary>Accepts only strings that could be an id we issued, so arbitrary client text never names a grain.</summary>
    public static bool TryParse(string? value, out PeerId id)
    {
        id = default;
        if (value is null || value.Length < 22 || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        id = new PeerId(value);
        return true;
    }

    /// <summary>Perfect negotiation: of two peers, the one whose id sorts lower (ordinal) is polite.</summary>
    public bool IsPoliteToward(PeerId other) => string.CompareOrdinal(Value, other.Value) < 0;

    public override string ToString() => Value;
}
