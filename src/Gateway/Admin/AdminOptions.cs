namespace MeshCall.Gateway.Admin;

/// <summary>Configuration section <c>Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>
    /// The key operators send as <c>Authorization: Bearer …</c> to use <c>/admin</c>. Without it only a JWT grant with
    /// <c>admin: true</c> (under <c>Auth:Mode=Jwt</c>) gets in, and with neither the admin API is closed.
    /// </summary>
    public string? ApiKey { get; set; }
}
