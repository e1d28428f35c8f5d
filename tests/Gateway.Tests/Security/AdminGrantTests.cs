using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MeshCall.Client;
using MeshCall.Gateway.Security;

namespace MeshCall.Gateway.Tests.Security;

/// <summary>
/// An admin grant administers the room it names, <c>*</c> every room; <c>Admin:ApiKey</c> every room. Another room
/// is answered 404, as a missing one, whatever is asked of it.
/// </summary>
[Collection(SecuredGatewayCollection.Name)]
public sealed class AdminGrantTests(SecuredGateway gateway) : IDisposable
{
    private const int PageSize = 100;

    private readonly HttpClient _http = new() { BaseAddress = gateway.Http };

    public static TheoryData<string, string> EveryRoomBearers => new()
    {
        { "the API key", SecuredGateway.AdminApiKey },
        { "an admin grant for *", AdminGrant(RoomGrant.AnyRoom) },
    };

    public static TheoryData<string, string> NonAdminGrants => new()
    {
        { "a grant for the room", Grant("admin-room") },
        { "a grant for any room", Grant(RoomGrant.AnyRoom) },
    };

    [Fact]
    public async Task An_admin_grant_for_one_room_administers_that_room_and_no_other()
    {
        var (mine, other) = (NewRoom(), NewRoom());
        // Each joins as soon as it connects: this gateway closes a connection that has not joined within 2 s.
        await using var mineA = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await mineA.JoinAsync(mine, "a", token: Grant(mine));
        await using var mineB = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var joinedMineB = await mineB.JoinAsync(mine, "b", token: Grant(mine));
        await using var otherA = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var joinedOtherA = await otherA.JoinAsync(other, "c", token: Grant(other));
        await using var otherB = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var joinedOtherB = await otherB.JoinAsync(other, "d", token: Grant(other));
        var admin = AdminGrant(mine);

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(admin, HttpMethod.Get, $"/admin/rooms/{other}"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(admin, HttpMethod.Post, $"/admin/rooms/{other}/peers/{joinedOtherB.PeerId}/kick"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(admin, HttpMethod.Post, $"/admin/rooms/{mine}/peers/{joinedOtherB.PeerId}/kick"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(admin, HttpMethod.Delete, $"/admin/rooms/{other}"));
        var listing = await ListAsync(admin, page: 1);
        Assert.Equal(1, listing.GetProperty("total").GetInt32());
        Assert.Equal([(mine, 2)], Rooms(listing));

        // The other room's members never noticed: still connected, still signalling each other.
        await otherA.NextAsync("peer-joined");
        await otherB.SignalAsync(joinedOtherA.PeerId, "offer", """{"sdp":"still here"}""");
        Assert.Equal(joinedOtherB.PeerId, (await otherA.NextAsync("signal")).GetProperty("from").GetString());

        using (var detail = await SendAsync(admin, HttpMethod.Get, $"/admin/rooms/{mine}"))
        {
            detail.EnsureSuccessStatusCode();
            var members = (await detail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members");
            Assert.Equal(["a", "b"], members.EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        }

        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(admin, HttpMethod.Post, $"/admin/rooms/{mine}/peers/{joinedMineB.PeerId}/kick"));
        Assert.Equal("kicked", (await mineB.NextAsync("closed")).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(admin, HttpMethod.Delete, $"/admin/rooms/{mine}"));
        Assert.Equal("kicked", (await NextClosedAsync(mineA)).GetProperty("reason").GetString());
    }

    [Theory]
    [MemberData(nameof(EveryRoomBearers))]
    public async Task The_api_key_and_an_admin_grant_for_any_room_administer_every_room(string bearerKind, string bearer)
    {
        var rooms = new[] { NewRoom(), NewRoom() };
        await using var first = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await first.JoinAsync(rooms[0], "first", token: Grant(rooms[0]));
        await using var second = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var joinedSecond = await second.JoinAsync(rooms[1], "second", token: Grant(rooms[1]));

        var listed = new List<(string, int)>();
        var total = int.MaxValue;
        for (var page = 1; (page - 1) * PageSize < total; page++)
        {
            var listing = await ListAsync(bearer, page);
            total = listing.GetProperty("total").GetInt32();
            listed.AddRange(Rooms(listing));
        }

        Assert.True(rooms.All(r => listed.Contains((r, 1))), bearerKind);
        foreach (var room in rooms)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(bearer, HttpMethod.Get, $"/admin/rooms/{room}"));
        }

        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(bearer, HttpMethod.Post, $"/admin/rooms/{rooms[1]}/peers/{joinedSecond.PeerId}/kick"));
        Assert.Equal("kicked", (await second.NextAsync("closed")).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(bearer, HttpMethod.Delete, $"/admin/rooms/{rooms[0]}"));
        Assert.Equal("kicked", (await first.NextAsync("closed")).GetProperty("reason").GetString());
    }

    [Theory]
    [MemberData(nameof(NonAdminGrants))]
    public async Task A_grant_without_admin_is_401_on_every_admin_call(string grantKind, string grant)
    {
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/admin/rooms"),
            (HttpMethod.Get, "/admin/rooms/admin-room"),
            (HttpMethod.Post, "/admin/rooms/admin-room/peers/AAAAAAAAAAAAAAAAAAAAAA/kick"),
            (HttpMethod.Delete, "/admin/rooms/admin-room"),
        })
        {
            Assert.True(await StatusAsync(grant, method, path) == HttpStatusCode.Unauthorized, $"{grantKind}: {method} {path}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static string NewRoom() => "admin-" + Guid.NewGuid().ToString("N");

    private static string Grant(string room) => GrantMinter.Mint(SecuredGateway.SigningKey, room, "member");

    private static string AdminGrant(string room) => GrantMinter.Mint(SecuredGateway.SigningKey, room, "ops", admin: true);

    private static List<(string Room, int Members)> Rooms(JsonElement listing) =>
        [.. listing.GetProperty("rooms").EnumerateArray().Select(r => (r.GetProperty("room").GetString()!, r.GetProperty("members").GetInt32()))];

    /// <summary>Skips what a member hears before its own <c>closed</c> (others kicked before it, leaving).</summary>
    private static async Task<JsonElement> NextClosedAsync(MeshCallClient client)
    {
        MeshEvent next;
        do
        {
            next = await client.Events.NextAsync();
        }
        while (next.Op != "closed");

        return next.Body;
    }

    private async Task<JsonElement> ListAsync(string bearer, int page)
    {
        using var response = await SendAsync(bearer, HttpMethod.Get, $"/admin/rooms?page={page}&pageSize={PageSize}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpStatusCode> StatusAsync(string bearer, HttpMethod method, string path)
    {
        using var response = await SendAsync(bearer, method, path);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> SendAsync(string bearer, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await _http.SendAsync(request);
    }
}
