using System.Security.Cryptography;
using System.Text;
using MeshCall.Gateway.Security;
using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Admin;

/// <summary>
/// Lets into <c>/admin</c> only a bearer of <c>Admin:ApiKey</c> or of a valid JWT grant with <c>admin: true</c>,
/// and sets on the request the <see cref="AdminScope"/> that bearer may administer.
/// </summary>
public sealed class AdminAccess(IOptions<AdminOptions> options, RoomGrants grants) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : string.Empty;
        var scope = await ScopeOfAsync(bearer);
        if (scope is null)
        {
            // RFC 6750: the scheme this API takes, and whether a bearer was sent and refused.
            http.Response.Headers.WWWAuthenticate = bearer.Length == 0 ? "Bearer" : "Bearer error=\"invalid_token\"";
            return Results.Unauthorized();
        }

        // Checked once here, so no endpoint under /rooms/{room} can forget it; 404 as for a missing room, so a
        // room's admin cannot tell which other rooms exist.
        if (http.GetRouteValue("room") is string room && !scope.Allows(room))
        {
            return Results.NotFound();
        }

        http.Features.Set(scope);
        return await next(context);
    }

    /// <summary>Every room for the API key, the room an admin grant names (every room for <c>*</c>), or null: no entry.</summary>
    private async Task<AdminScope?> ScopeOfAsync(string bearer)
    {
        if (bearer.Length == 0)
        {
            return null;
        }

        if (IsApiKey(bearer))
        {
            return AdminScope.Everything;
        }

        return grants.Required && await grants.ValidateAsync(bearer) is { Admin: true } grant ? new AdminScope(grant.Room) : null;
    }

    private bool IsApiKey(string bearer) =>
        options.Value.ApiKey is { Length: > 0 } key
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(bearer)), SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
