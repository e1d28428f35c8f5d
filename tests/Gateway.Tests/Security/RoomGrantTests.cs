using System.Text;
using MeshCall.Client;
using MeshCall.Gateway.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.IdentityModel.Tokens;

namespace MeshCall.Gateway.Tests.Security;

/// <summary>With <c>Auth:Mode=Jwt</c>, a fresh join needs a valid grant for its room; everything else is <c>unauthorized</c>.</summary>
[Collection(SecuredGatewayCollection.Name)]
public sealed class RoomGrantTests(SecuredGateway gateway)
{
    private const string Room = "granted";

    public static TheoryData<string, string> RefusedGrants => new()
    {
        { "missing", string.Empty },
        { "not a JWT", "not.a.jwt" },
        { "another room", Grant("elsewhere") },
        { "expired beyond the clock skew", Grant(Room, lifetime: TimeSpan.FromMinutes(-2)) },
        { "signed with another key", GrantMinter.Mint("another-signing-key-of-at-least-32-bytes", Room, "alice") },
        { "alg none", ForgedGrants.Unsigned(Room) },
        { "no room claim", Grant(string.Empty) },
        { "tampered payload", Tampered(Grant("elsewhere")) },
    };

    [Theory]
    [MemberData(nameof(RefusedGrants))]
    public async Task A_join_without_a_valid_grant_for_its_room_is_unauthorized_and_leaves_no_session(string why, string token)
    {
        await using var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var code = await Wait.ErrorCodeAsync(() => client.JoinAsync(Room, "x", token: token.Length > 0 ? token : null));
        Assert.True(code == "unauthorized", $"{why}: {code}");
        Assert.Equal("not-joined", await Wait.ErrorCodeAsync(() => client.SignalAsync("AAAAAAAAAAAAAAAAAAAAAA", "offer", "{}")));
    }

    [Fact]
    public async Task A_grant_for_the_room_admits_and_its_name_is_the_one_others_see()
    {
        var room = NewRoom();
        await using var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await a.JoinAsync(room, "typed by alice", token: Grant(room, name: "Alice (verified)"));
        var joinedB = await b.JoinAsync(room, "bob", token: Grant(RoomGrant.AnyRoom, subject: "bob"));

        Assert.Equal("Alice (verified)", joinedB.Peers.Single().Name);
    }

    [Fact]
    public async Task A_grant_that_expired_within_the_clock_skew_still_admits()
    {
        await using var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var joined = await client.JoinAsync(NewRoom(), "late", token: Grant(RoomGrant.AnyRoom, lifetime: TimeSpan.FromSeconds(-10)));
        Assert.NotEmpty(joined.PeerId);
    }

    [Fact]
    public async Task A_resume_is_authorised_by_its_resume_token_alone()
    {
        var room = NewRoom();
        var first = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var joined = await first.JoinAsync(room, "alice", token: Grant(room));
        await first.DisposeAsync();

        await using var again = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        Assert.Equal(joined.PeerId, (await again.JoinAsync(room, "alice", joined.ResumeToken)).PeerId);
    }

    [Fact]
    public async Task A_grant_minted_by_the_token_command_admits()
    {
        var room = NewRoom();
        using var output = new StringWriter();
        var exit = TokenCommand.Run(["--room", room, "--name", "From CLI", $"--Auth:SigningKey={SecuredGateway.SigningKey}"], output, TextWriter.Null);
        Assert.Equal(0, exit);

        await using var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        Assert.NotEmpty((await client.JoinAsync(room, token: output.ToString().Trim())).PeerId);
        Assert.Equal(2, TokenCommand.Run(["--room", room, "--Auth:SigningKey=short"], TextWriter.Null, TextWriter.Null));
    }

    [Fact]
    public async Task The_admin_api_admits_a_grant_with_admin_true_and_no_other()
    {
        using var http = new HttpClient { BaseAddress = gateway.Http };
        async Task<System.Net.HttpStatusCode> ListWith(string bearer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/rooms");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(System.Net.HttpStatusCode.OK, await ListWith(GrantMinter.Mint(SecuredGateway.SigningKey, RoomGrant.AnyRoom, "ops", admin: true)));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await ListWith(Grant(RoomGrant.AnyRoom)));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await ListWith(GrantMinter.Mint("another-signing-key-of-at-least-32-bytes", RoomGrant.AnyRoom, "ops", admin: true)));
    }

    [Theory]
    [MemberData(nameof(HubTransportTests.Protocols), MemberType = typeof(HubTransportTests))]
    public async Task The_hub_checks_grants_alike(string protocol)
    {
        var room = NewRoom();
        await using var peer = await HubPeer.ConnectAsync(gateway, protocol);
        var refused = await Assert.ThrowsAsync<HubException>(() =>
            peer.InvokeAsync("Join", new Dictionary<string, object> { ["room"] = room, ["token"] = Grant("elsewhere") }));
        Assert.StartsWith("unauthorized: ", refused.Message);

        var joined = await peer.InvokeAsync("Join", new Dictionary<string, object> { ["room"] = room, ["token"] = Grant(room, name: "Hub") });
        Assert.NotEmpty(joined.GetProperty("peerId").GetString()!);
    }

    private static string NewRoom() => Room + "-" + Guid.NewGuid().ToString("N");

    private static string Grant(string room, string subject = "alice", string? name = null, TimeSpan? lifetime = null) =>
        GrantMinter.Mint(SecuredGateway.SigningKey, room, subject, name, lifetime: lifetime);


    /// <summary>A real grant whose payload was rewritten to name another room, keeping the old signature.</summary>
    private static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"elsewhere\"", $"\"{Room}\"", StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
    }
}
