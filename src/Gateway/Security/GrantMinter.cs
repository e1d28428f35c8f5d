using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MeshCall.Gateway.Security;

/// <summary>Mints HS256 room grants, for development and tests (production grants come from your own backend).</summary>
public static class GrantMinter
{
    public static string Mint(string signingKey, string room, string subject, string? name = null, bool admin = false,
        TimeSpan? lifetime = null, string? issuer = null, string? audience = null, string? role = null)
    {
        var claims = new Dictionary<string, object> { ["room"] = room };
        if (role is not null)
        {
            claims["role"] = role;
        }

        if (name is not null)
        {
            claims["name"] = name;
        }

        if (admin)
        {
            claims["admin"] = true;
        }

        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromHours(1));

        // A lifetime below zero mints an already expired grant (for tests); it was valid once, for an hour.
        var issued = expires < now ? expires - TimeSpan.FromHours(1) : now;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = claims,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = expires,
            Issuer = issuer,
            Audience = audience,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
