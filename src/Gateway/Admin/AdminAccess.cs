using System.Security.Cryptography;
using System.Text;
using MeshCall.Gateway.Security;
using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Admin;

/// <summary>Lets into <c>/admin</c> only a bearer of <c>Admin:ApiKey</c> or of a valid JWT grant with <c>admin: true</c>.</summary>
public sealed class AdminAccess(IOptions<AdminOptions> options, RoomGrants grants) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : string.Empty;
        if (bearer.Length == 0 || !(IsApiKey(bearer) || await IsAdminGrantAsync(bearer)))
        {
            return Results.Unauthorized();
        }

        return await next(context);
    }

    private bool IsApiKey(string bearer) =>
        options.Value.ApiKey is { Length: > 0 } key
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(bearer)), SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private async Task<bool> IsAdminGrantAsync(string bearer) =>
        grants.Required && await grants.ValidateAsync(bearer) is { Admin: true };
}
