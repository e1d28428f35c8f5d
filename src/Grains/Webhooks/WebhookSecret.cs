using System.Security.Cryptography;
using System.Text;

namespace MeshCall.Grains.Webhooks;

/// <summary>The Standard Webhooks signing key and signature: <c>v1,</c> + base64(HMAC-SHA256(key, <c>{id}.{timestamp}.{body}</c>)).</summary>
public sealed class WebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>The Standard Webhooks convention asks for 24 to 64 random bytes.</summary>
    public const int MinBytes = 24;

    private readonly byte[] _key;

    private WebhookSecret(byte[] key) => _key = key;

    public static bool TryParse(string? secret, out WebhookSecret parsed)
    {
        parsed = null!;
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = secret[Prefix.Length..];
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var length) || length < MinBytes)
        {
            return false;
        }

        parsed = new WebhookSecret(buffer[..length]);
        return true;
    }

    public static WebhookSecret Parse(string? secret) =>
        TryParse(secret, out var parsed) ? parsed : throw new FormatException("Not a whsec_ secret of at least 24 bytes.");

    public string Sign(string id, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(_key, signed));
    }
}
