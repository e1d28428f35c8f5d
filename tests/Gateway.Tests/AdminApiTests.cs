using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MeshCall.Client;

namespace MeshCall.Gateway.Tests;

/// <summary>The admin API behind <c>Admin:ApiKey</c>: rooms (paged), a room's members, kick, close.</summary>
public sealed class AdminApiTests(AdminApiTests.AdminGateway gateway) : IClassFixture<AdminApiTests.AdminGateway>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = gateway.Http };

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Basic dGVzdA==")]
    public async Task Without_the_key_every_admin_call_is_401_naming_the_bearer_scheme(string? authorization)
    {
        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, "/admin/rooms"),
            new HttpRequestMessage(HttpMethod.Get, "/admin/rooms/r1"),
            new HttpRequestMessage(HttpMethod.Post, "/admin/rooms/r1/peers/AAAAAAAAAAAAAAAAAAAAAA/kick"),
            new HttpRequestMessage(HttpMethod.Delete, "/admin/rooms/r1"),
        })
        {
            if (authorization is not null)
            {
                request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
            }

            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        }
    }

    [Fact]
    public async Task Rooms_are_listed_page_by_page_with_their_member_counts_and_a_room_shows_its_members()
    {
        var prefix = "admin-" + Guid.NewGuid().ToString("N")[..8];
        var clients = new List<MeshCallClient>();
        try
        {
            for (var r = 0; r < 3; r++)
            {
                for (var m = 0; m <= r; m++)
                {
                    var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
                    clients.Add(client);
                    await client.JoinAsync($"{prefix}-{r}", $"member {m}");
                }
            }

            var seen = new Dictionary<string, int>();
            var total = int.MaxValue;
            for (var page = 1; (page - 1) * 2 < total; page++)
            {
                var listing = await GetAsync($"/admin/rooms?page={page}&pageSize=2");
                total = listing.GetProperty("total").GetInt32();
                Assert.True(listing.GetProperty("rooms").GetArrayLength() <= 2);
                foreach (var room in listing.GetProperty("rooms").EnumerateArray())
                {
                    seen[room.GetProperty("room").GetString()!] = room.GetProperty("members").GetInt32();
                }
            }

            Assert.Equal([1, 2, 3], Enumerable.Range(0, 3).Select(r => seen[$"{prefix}-{r}"]));
            var detail = await GetAsync($"/admin/rooms/{prefix}-1");
            Assert.Equal(["member 0", "member 1"], detail.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
            Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/admin/rooms/{prefix}-none")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/admin/rooms?pageSize=100000")).StatusCode);
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task A_kicked_peer_is_told_closed_kicked_and_the_others_see_it_leave_as_kicked()
    {
        var room = "kick-" + Guid.NewGuid().ToString("N");
        await using var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await a.JoinAsync(room, "a");
        var joinedB = await b.JoinAsync(room, "b");
        await a.NextAsync("peer-joined");

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Post, $"/admin/rooms/{room}/peers/{joinedB.PeerId}/kick")).StatusCode);

        Assert.Equal("kicked", (await b.NextAsync("closed")).GetProperty("reason").GetString());
        await b.WaitForCloseAsync();
        var left = await a.NextAsync("peer-left");
        Assert.Equal((joinedB.PeerId, "kicked"), (left.GetProperty("peerId").GetString(), left.GetProperty("reason").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, $"/admin/rooms/{room}/peers/{joinedB.PeerId}/kick")).StatusCode);
    }

    [Fact]
    public async Task Closing_a_room_kicks_everyone_in_it_and_the_room_is_gone()
    {
        var room = "close-" + Guid.NewGuid().ToString("N");
        await using var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await a.JoinAsync(room, "a");
        await b.JoinAsync(room, "b");

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/admin/rooms/{room}")).StatusCode);

        foreach (var client in new[] { a, b })
        {
            MeshEvent next;
            do
            {
                next = await client.Events.NextAsync();
            }
            while (next.Op != "closed");

            Assert.Equal("kicked", next.Body.GetProperty("reason").GetString());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/admin/rooms/{room}")).StatusCode);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminGateway.ApiKey);
        return await _http.SendAsync(request);
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public sealed class AdminGateway : EmbeddedGateway
    {
        public const string ApiKey = "test-admin-api-key";

        protected override IEnumerable<string> Settings => [$"--Admin:ApiKey={ApiKey}"];
    }
}
