namespace MeshCall.Gateway.Security;

/// <summary>
/// <c>MeshCall.Gateway token --room r1 [--sub alice] [--name Alice] [--ttl 01:00:00] [--admin]</c>: prints an HS256
/// room grant signed with <c>Auth:SigningKey</c> (from appsettings, environment or <c>--Auth:SigningKey=…</c>).
/// </summary>
public static class TokenCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a.Contains(':', StringComparison.Ordinal)).ToArray())
            .Build();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var room = Option(args, "--room");
        if (room is null || auth.SigningKey is not { Length: >= AuthOptions.MinSigningKeyBytes } key)
        {
            error.WriteLine("usage: token --room <room|*> [--sub id] [--name name] [--ttl hh:mm:ss] [--admin]");
            error.WriteLine($"needs Auth:SigningKey (at least {AuthOptions.MinSigningKeyBytes} bytes), e.g. Auth__SigningKey=… in the environment");
            return 2;
        }

        var lifetime = Option(args, "--ttl") is { } ttl ? TimeSpan.Parse(ttl, System.Globalization.CultureInfo.InvariantCulture) : TimeSpan.FromHours(1);
        output.WriteLine(GrantMinter.Mint(key, room, Option(args, "--sub") ?? Guid.NewGuid().ToString("N"), Option(args, "--name"),
            args.Contains("--admin"), lifetime, auth.Issuer, auth.Audience));
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
