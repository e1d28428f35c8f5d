using System.Globalization;

namespace MeshCall.Gateway.Security;

/// <summary>
/// <c>MeshCall.Gateway token --room r1 [--sub alice] [--name Alice] [--role moderator] [--ttl 01:00:00] [--admin]</c>: prints an HS256
/// room grant signed with <c>Auth:SigningKey</c> (from appsettings, environment or <c>--Auth:SigningKey=…</c>).
/// Program.cs runs it before any host is built: it starts no silo and opens no port.
/// </summary>
public static class TokenCommand
{
    private const string Usage =
        """
        usage: token --room <room|*> [--sub <id>] [--name <name>] [--role <moderator|member>] [--ttl <hh:mm:ss>] [--admin]
        Prints a room grant (a JWT, HS256) signed with Auth:SigningKey, for development: your backend mints real ones.
          --room <room|*>   the room it admits to; * for any room
          --sub <id>        the grant's subject, who it is for (default: a random id)
          --name <name>     the name the others see, instead of what the client types
          --role <role>     moderator (may lock the room, kick, ask to mute) or member (the default)
          --ttl <hh:mm:ss>  how long it is valid (default 01:00:00)
          --admin           it also opens the admin API, for its room (every room with --room *)
          --help            this text
        The key comes from appsettings.json, the environment (Auth__SigningKey=…) or --Auth:SigningKey=…
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            output.WriteLine(Usage);
            return 0;
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a.Contains(':', StringComparison.Ordinal)).ToArray())
            .Build();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var room = Option(args, "--room");
        var ttl = Option(args, "--ttl");
        var role = Option(args, "--role");
        var lifetime = TimeSpan.FromHours(1);
        if (room is null || auth.SigningKey is not { Length: >= AuthOptions.MinSigningKeyBytes } key
            || (ttl is not null && !TimeSpan.TryParse(ttl, CultureInfo.InvariantCulture, out lifetime))
            || (args.Contains("--role") && (role is null || RoomGrant.ParseRole(role) is null)))
        {
            error.WriteLine(Usage);
            error.WriteLine($"needs --room, a --ttl like 00:30:00 if any, a --role of moderator or member if any, and Auth:SigningKey (at least {AuthOptions.MinSigningKeyBytes} bytes)");
            return 2;
        }

        output.WriteLine(GrantMinter.Mint(key, room, Option(args, "--sub") ?? Guid.NewGuid().ToString("N"), Option(args, "--name"),
            args.Contains("--admin"), lifetime, auth.Issuer, auth.Audience, role));
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
