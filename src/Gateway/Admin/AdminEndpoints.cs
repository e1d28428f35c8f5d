using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Gateway.Admin;

/// <summary>
/// The admin API: rooms across the whole cluster (paged), a room's members, kicking a peer, closing a room.
/// JSON, behind <see cref="AdminAccess"/>, which answers 404 for a room outside the bearer's <see cref="AdminScope"/>.
/// </summary>
public static class AdminEndpoints
{
    private const int MaxPageSize = 500;
    private static readonly GrainType RoomGrainType = GrainType.Create("room");

    public static IEndpointRouteBuilder MapMeshCallAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin").AddEndpointFilter<AdminAccess>();
        admin.MapGet("/rooms", ListRoomsAsync);
        admin.MapGet("/rooms/{room}", ShowRoomAsync);
        admin.MapPost("/rooms/{room}/peers/{peer}/kick", KickAsync);
        admin.MapDelete("/rooms/{room}", CloseRoomAsync);
        return endpoints;
    }

    /// <summary>Every silo's active rooms the bearer may administer, by id, a page at a time: <c>?page=1&amp;pageSize=50</c>.</summary>
    private static async Task<IResult> ListRoomsAsync(HttpContext http, IGrainFactory grains, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return Results.BadRequest(new { error = $"page from 1, pageSize from 1 to {MaxPageSize}" });
        }

        var active = await grains.GetGrain<IManagementGrain>(0).GetActiveGrains(RoomGrainType);
        var scope = AdminScope.Of(http);
        var ids = active.Select(id => id.Key.ToString()!).Where(scope.Allows).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var rooms = await Task.WhenAll(ids.Skip((page - 1) * pageSize).Take(pageSize).Select(async id =>
            new RoomSummary(id, (await grains.GetRoom(new RoomId(id)).GetRosterAsync()).Members.Length)));
        return Results.Ok(new RoomPage(page, pageSize, ids.Count, [.. rooms.Where(r => r.Members > 0)]));
    }

    private static async Task<IResult> ShowRoomAsync(IGrainFactory grains, string room)
    {
        if (!RoomId.TryParse(room, out var id))
        {
            return Results.NotFound();
        }

        var roster = await grains.GetRoom(id).GetRosterAsync();
        return roster.Members.IsEmpty
            ? Results.NotFound()
            : Results.Ok(new RoomDetail(room, [.. roster.Members.Select(m => new MemberDetail(m.PeerId.Value, m.Name))]));
    }

    private static async Task<IResult> KickAsync(IGrainFactory grains, string room, string peer)
    {
        if (!RoomId.TryParse(room, out var id) || !PeerId.TryParse(peer, out var peerId))
        {
            return Results.NotFound();
        }

        var roster = await grains.GetRoom(id).GetRosterAsync();
        if (!roster.Members.Any(m => m.PeerId == peerId))
        {
            return Results.NotFound();
        }

        await grains.GetPeer(peerId).KickAsync();
        return Results.NoContent();
    }

    /// <summary>Kicks every member, one after the other; the room ends with its last member.</summary>
    private static async Task<IResult> CloseRoomAsync(IGrainFactory grains, string room)
    {
        if (!RoomId.TryParse(room, out var id))
        {
            return Results.NotFound();
        }

        var roster = await grains.GetRoom(id).GetRosterAsync();
        if (roster.Members.IsEmpty)
        {
            return Results.NotFound();
        }

        foreach (var member in roster.Members)
        {
            await grains.GetPeer(member.PeerId).KickAsync();
        }

        return Results.NoContent();
    }

    private sealed record RoomSummary(string Room, int Members);

    private sealed record RoomPage(int Page, int PageSize, int Total, IReadOnlyList<RoomSummary> Rooms);

    private sealed record MemberDetail(string PeerId, string Name);

    private sealed record RoomDetail(string Room, IReadOnlyList<MemberDetail> Members);
}
