using System.Text.Json;
using MeshCall.Gateway.Security;
using MeshCall.Gateway.Tests.Members;

namespace MeshCall.Gateway.Tests.Security;

/// <summary>With grants on, a member's role is its grant's: never the room's first-comer rule, never a hand-over.</summary>
[Collection(SecuredGatewayCollection.Name)]
public sealed class GrantRoleTests(SecuredGateway gateway)
{
    public static TheoryData<string> Transports => Room.Transports;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_member_grant_is_no_moderator_even_first_and_a_moderator_grant_is(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var first = await room.JoinAsync("first", Grant(room.Name, "first"));
        var moderator = await room.JoinAsync("mod", Grant(room.Name, "mod", "moderator"));
        var member = await room.JoinAsync("member", Grant(room.Name, "member", "member"));

        Assert.Equal(("member", "moderator", "member"), (first.Role, moderator.Role, member.Role));
        Assert.Equal("forbidden", await first.Probe.CodeAsync("kick", $$"""{"peerId":"{{member.Id}}"}"""));
        Assert.Equal("ok", await moderator.Probe.CodeAsync("moderate", $$"""{"peerId":"{{first.Id}}","action":"mute"}"""));
        Assert.Equal("mute", (await first.Probe.NextAsync("moderation")).GetProperty("action").GetString());

        // The moderator leaves: nobody becomes one (the next thing the others hear is not a role change).
        await moderator.Probe.RequestAsync("leave");
        Assert.Equal(moderator.Id, (await first.Probe.NextAsync("peer-left")).GetProperty("peerId").GetString());
        Assert.Equal(moderator.Id, (await member.Probe.NextAsync("peer-left")).GetProperty("peerId").GetString());
        await Room.AssertNextIsSignalAsync(first, member);
        Assert.Equal("forbidden", await first.Probe.CodeAsync("room-settings", """{"locked":true}"""));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_locked_room_takes_a_moderators_grant_and_refuses_a_members(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var moderator = await room.JoinAsync("mod", Grant(room.Name, "mod", "moderator"));
        Assert.Equal("ok", await moderator.Probe.CodeAsync("room-settings", """{"locked":true}"""));
        await moderator.Probe.NextAsync("room-updated");

        await using var member = await room.ProbeAsync();
        Assert.Equal("room-locked", await member.CodeAsync("join", Join(room.Name, Grant(room.Name, "m", "member"))));
        var second = await room.JoinAsync("mod2", Grant(room.Name, "mod2", "moderator"));
        Assert.Equal("moderator", second.Role);
    }

    [Theory]
    [InlineData("owner")]
    [InlineData("Moderator")]
    [InlineData("")]
    public async Task A_grant_with_any_other_role_is_invalid(string role)
    {
        await using var room = Room.New(gateway, "ws");
        await using var probe = await room.ProbeAsync();
        Assert.Equal("unauthorized", await probe.CodeAsync("join", Join(room.Name, Grant(room.Name, "x", role))));
    }

    [Fact]
    public async Task A_grant_whose_role_is_not_a_string_is_invalid()
    {
        await using var room = Room.New(gateway, "ws");
        await using var probe = await room.ProbeAsync();
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(
            $$"""{"room":"{{room.Name}}","sub":"x","role":["moderator"],"exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""",
            new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(SecuredGateway.SigningKey)), "HS256"));
        Assert.Equal("unauthorized", await probe.CodeAsync("join", Join(room.Name, token)));
    }

    [Fact]
    public async Task The_token_command_mints_a_moderators_grant_and_refuses_an_unknown_role()
    {
        await using var room = Room.New(gateway, "ws");
        using var output = new StringWriter();
        Assert.Equal(0, TokenCommand.Run(["--room", room.Name, "--role", "moderator", $"--Auth:SigningKey={SecuredGateway.SigningKey}"], output, TextWriter.Null));
        Assert.Equal("moderator", (await room.JoinAsync("cli", output.ToString().Trim())).Role);
        Assert.Equal(2, TokenCommand.Run(["--room", room.Name, "--role", "owner", $"--Auth:SigningKey={SecuredGateway.SigningKey}"], TextWriter.Null, TextWriter.Null));
    }

    private static string Join(string room, string token) => JsonSerializer.Serialize(new { room, name = "x", token });

    private static string Grant(string room, string subject, string? role = null) =>
        GrantMinter.Mint(SecuredGateway.SigningKey, room, subject, role: role);
}
