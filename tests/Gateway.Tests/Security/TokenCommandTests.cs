using MeshCall.Gateway.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace MeshCall.Gateway.Tests.Security;

/// <summary>The <c>token</c> command, as a developer runs it: its help, and what each option puts in the grant.</summary>
public sealed class TokenCommandTests
{
    private const string SigningKey = "token-command-test-key-of-32-bytes-at-least";

    [Fact]
    public void Help_names_every_option_and_what_it_does()
    {
        var (exit, output, _) = Run("--help");

        Assert.Equal(0, exit);
        foreach (var option in new[] { "--room <room|*>", "--sub <id>", "--name <name>", "--ttl <hh:mm:ss>", "--admin", "Auth:SigningKey" })
        {
            Assert.Contains(option, output);
        }
    }

    [Fact]
    public async Task Sub_ttl_and_admin_are_in_the_grant_the_gateway_accepts()
    {
        var (exit, output, _) = Run("--room", "r1", "--sub", "alice", "--name", "Alice", "--ttl", "00:05:00", "--admin", $"--Auth:SigningKey={SigningKey}");
        Assert.Equal(0, exit);
        var token = output.Trim();

        var grants = new RoomGrants(Options.Create(new AuthOptions { Mode = AuthMode.Jwt, SigningKey = SigningKey }));
        Assert.Equal(new RoomGrant("r1", "alice", "Alice", Admin: true), await grants.ValidateAsync(token));
        Assert.InRange(new JsonWebToken(token).ValidTo - DateTime.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void A_ttl_that_is_not_a_duration_is_refused_with_the_usage()
    {
        var (exit, _, error) = Run("--room", "r1", "--ttl", "5m", $"--Auth:SigningKey={SigningKey}");

        Assert.Equal(2, exit);
        Assert.Contains("--ttl <hh:mm:ss>", error);
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TokenCommand.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
