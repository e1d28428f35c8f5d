using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace MeshCall.Gateway.Tests.Security;

/// <summary>Grants a hostile client makes up, for the tests that must see them refused.</summary>
internal static class ForgedGrants
{
    /// <summary>A token with <c>alg: none</c> and no signature, claiming <paramref name="room"/>.</summary>
    public static string Unsigned(string room)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return $"{Part("""{"alg":"none","typ":"JWT"}""")}.{Part($$"""{"sub":"mallory","room":"{{room}}","exp":{{exp}}}""")}.";
    }
}
