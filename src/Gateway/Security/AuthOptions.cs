using System.ComponentModel.DataAnnotations;

namespace MeshCall.Gateway.Security;

public enum AuthMode
{
    /// <summary>Anyone may join any room (the local run).</summary>
    None,

    /// <summary>A join needs a JWT room grant.</summary>
    Jwt,
}

/// <summary>Configuration section <c>Auth</c>: who may join which room.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    public AuthMode Mode { get; set; } = AuthMode.None;

    /// <summary>HS256 key (its UTF-8 bytes, at least 32).</summary>
    public string? SigningKey { get; set; }

    /// <summary>An RSA or EC public key in PEM, for RS256 / ES256 grants.</summary>
    public string? PublicKey { get; set; }

    /// <summary>A JSON Web Key Set file, for RS256 / ES256 grants from an identity provider.</summary>
    public string? JwksFile { get; set; }

    /// <summary>When set, a grant's <c>iss</c> must be this.</summary>
    public string? Issuer { get; set; }

    /// <summary>When set, a grant's <c>aud</c> must include this.</summary>
    public string? Audience { get; set; }

    /// <summary>How far a grant's <c>exp</c> and <c>nbf</c> may be off, for clocks that disagree.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public const int MinSigningKeyBytes = 32;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode != AuthMode.Jwt)
        {
            yield break;
        }

        if (string.IsNullOrEmpty(SigningKey) && string.IsNullOrEmpty(PublicKey) && string.IsNullOrEmpty(JwksFile))
        {
            yield return new ValidationResult("Auth:Mode=Jwt needs Auth:SigningKey, Auth:PublicKey or Auth:JwksFile.");
        }

        if (SigningKey is { Length: > 0 } key && System.Text.Encoding.UTF8.GetByteCount(key) < MinSigningKeyBytes)
        {
            yield return new ValidationResult($"Auth:SigningKey must be at least {MinSigningKeyBytes} bytes.");
        }
    }
}
