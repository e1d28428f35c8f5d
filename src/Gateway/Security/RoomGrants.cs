using System.Security.Cryptography;
using System.Text;
using MeshCall.Contracts.Rooms;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MeshCall.Gateway.Security;

/// <summary>
/// Validates JWT room grants with Microsoft.IdentityModel: signature (HS256 with <c>Auth:SigningKey</c>, or
/// RS256/ES256 with <c>Auth:PublicKey</c> or a JWKS file), expiry with clock skew, and issuer and audience
/// when configured. Unsigned tokens (<c>alg: none</c>) are refused by the handler.
/// </summary>
public sealed class RoomGrants(IOptions<AuthOptions> options)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly Lazy<TokenValidationParameters> _parameters = new(() => Parameters(options.Value));

    public bool Required => options.Value.Mode == AuthMode.Jwt;

    /// <summary>The grant a token carries, or null if it is missing, malformed, forged, expired or names no room.</summary>
    public async Task<RoomGrant?> ValidateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 8192)
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters.Value);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        if (!jwt.TryGetPayloadValue<string>("room", out var room) || string.IsNullOrEmpty(room) || string.IsNullOrEmpty(jwt.Subject))
        {
            return null;
        }

        jwt.TryGetPayloadValue<string>("name", out var name);
        var admin = jwt.TryGetPayloadValue<bool>("admin", out var isAdmin) && isAdmin;
        if (RoleOf(jwt) is not { } role)
        {
            return null;
        }

        return new RoomGrant(room, jwt.Subject, name, admin, role);
    }

    /// <summary>The grant's role; null when its <c>role</c> claim is neither <c>moderator</c> nor <c>member</c> (or not a string).</summary>
    private static MemberRole? RoleOf(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue<object>("role", out var claim) || claim is null)
        {
            return MemberRole.Member;
        }

        return claim is string role ? RoomGrant.ParseRole(role) : null;
    }

    private static TokenValidationParameters Parameters(AuthOptions auth)
    {
        var keys = new List<SecurityKey>();
        var algorithms = new List<string>();
        if (auth.SigningKey is { Length: > 0 } secret)
        {
            keys.Add(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)));
            algorithms.Add(SecurityAlgorithms.HmacSha256);
        }

        if (auth.PublicKey is { Length: > 0 } pem)
        {
            keys.Add(PublicKey(pem));
        }

        if (auth.JwksFile is { Length: > 0 } path)
        {
            keys.AddRange(new JsonWebKeySet(File.ReadAllText(path)).GetSigningKeys());
        }

        if (auth.PublicKey is { Length: > 0 } || auth.JwksFile is { Length: > 0 })
        {
            algorithms.AddRange([SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256]);
        }

        return new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAlgorithms = algorithms,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = auth.ClockSkew,
            ValidateIssuer = auth.Issuer is not null,
            ValidIssuer = auth.Issuer,
            ValidateAudience = auth.Audience is not null,
            ValidAudience = auth.Audience,
        };
    }

    private static SecurityKey PublicKey(string pem)
    {
        if (pem.Contains("BEGIN RSA PUBLIC KEY", StringComparison.Ordinal) || !TryEc(pem, out var ec))
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }

        return new ECDsaSecurityKey(ec);
    }

    private static bool TryEc(string pem, out ECDsa ec)
    {
        ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return true;
        }
        catch (CryptographicException)
        {
            ec.Dispose();
            return false;
        }
    }
}
