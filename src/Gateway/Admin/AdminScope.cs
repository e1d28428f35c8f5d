using MeshCall.Gateway.Security;

namespace MeshCall.Gateway.Admin;

/// <summary>
/// The rooms one bearer of <c>/admin</c> may administer: every room (<c>Admin:ApiKey</c>, or an admin grant for
/// <c>*</c>) or the one room its admin grant names. <see cref="AdminAccess"/> sets it on the request.
/// </summary>
public sealed record AdminScope(string Room)
{
    public static readonly AdminScope Everything = new(RoomGrant.AnyRoom);

    public bool Allows(string room) => Room == RoomGrant.AnyRoom || Room == room;

    public static AdminScope Of(HttpContext http) =>
        http.Features.Get<AdminScope>() ?? throw new InvalidOperationException("the admin endpoints run behind AdminAccess");
}
