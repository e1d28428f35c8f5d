using System.Security.Claims;
using System.Security.Cryptography;
using MeshCall.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MeshCall.Gateway.Tests.Security;

/// <summary>Grants from an identity provider: RS256 checked with a PEM public key, ES256 with a JWKS file.</summary>
public sealed class AsymmetricGrantTests(AsymmetricGrantTests.KeyedGateway gateway) : IClassFixture<AsymmetricGrantTests.KeyedGateway>
{
    [Fact]
    public async Task An_rs256_grant_checked_against_the_pem_public_key_admits()
    {
        await using var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var room = "rsa-" + Guid.NewGuid().ToString("N");
        Assert.NotEmpty((await client.JoinAsync(room, token: Mint(room, new RsaSecurityKey(gateway.Rsa), SecurityAlgorithms.RsaSha256))).PeerId);
    }

    [Fact]
    public async Task An_es256_grant_checked_against_the_jwks_file_admits()
    {
        await using var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var room = "ec-" + Guid.NewGuid().ToString("N");
        var key = new ECDsaSecurityKey(gateway.Ec) { KeyId = KeyedGateway.EcKeyId };
        Assert.NotEmpty((await client.JoinAsync(room, token: Mint(room, key, SecurityAlgorithms.EcdsaSha256))).PeerId);
    }

    [Fact]
    public async Task A_grant_signed_by_a_key_the_gateway_does_not_know_is_unauthorized()
    {
        using var stranger = RSA.Create(2048);
        await using var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var room = "stranger-" + Guid.NewGuid().ToString("N");
        Assert.Equal("unauthorized", await Wait.ErrorCodeAsync(() => client.JoinAsync(room, token: Mint(room, new RsaSecurityKey(stranger), SecurityAlgorithms.RsaSha256))));
    }

    private static string Mint(string room, SecurityKey key, string algorithm) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", "idp-user")]),
        Claims = new Dictionary<string, object> { ["room"] = room },
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(key, algorithm),
    });

    /// <summary>A gateway that trusts an RSA public key (PEM) and an EC key published in a JWKS file.</summary>
    public sealed class KeyedGateway : EmbeddedGateway
    {
        public const string EcKeyId = "ec-1";
        private readonly string _jwks = Path.Combine(Path.GetTempPath(), $"meshcall-jwks-{Guid.NewGuid():N}.json");

        public RSA Rsa { get; } = RSA.Create(2048);

        public ECDsa Ec { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        protected override IEnumerable<string> Settings => ["--Auth:Mode=Jwt", $"--Auth:PublicKey={Rsa.ExportSubjectPublicKeyInfoPem()}", $"--Auth:JwksFile={_jwks}"];

        public override async Task InitializeAsync()
        {
            var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(Ec.ExportParameters(false))) { KeyId = EcKeyId });
            jwk.Use = "sig";
            await File.WriteAllTextAsync(_jwks, System.Text.Json.JsonSerializer.Serialize(new { keys = new[] { jwk } }, new System.Text.Json.JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }));
            await base.InitializeAsync();
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            File.Delete(_jwks);
            Rsa.Dispose();
            Ec.Dispose();
        }
    }
}
