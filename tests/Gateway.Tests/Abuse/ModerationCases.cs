using MeshCall.Contracts.Peers;

namespace MeshCall.Gateway.Tests.Abuse;

/// <summary>
/// What a member may try with the moderators' requests (every grant of the suite is a member's) and with its attributes,
/// and what a moderator may try beyond its room: each is refused with its code and reaches no one.
/// </summary>
public static class ModerationCases
{
    public static IEnumerable<AbuseCase> All =>
    [
        MemberCases.Refused("kick without peerId", "{}", "invalid-message", op: "kick"),
        MemberCases.Refused("kick with a peerId given as a number", """{"peerId":12345}""", "invalid-message", op: "kick"),
        MemberCases.Refused("kick by a member", """{"peerId":"{b}"}""", "forbidden", op: "kick"),
        MemberCases.Refused("kick of a made-up id by a member", """{"peerId":"AAAAAAAAAAAAAAAAAAAAAA"}""", "forbidden", op: "kick"),
        MemberCases.Refused("kick of a 10,000-character id by a member", $$"""{"peerId":"{{new string('A', 10_000)}}"}""", "forbidden", op: "kick"),
        MemberCases.Refused("moderate with an unknown action", """{"peerId":"{b}","action":"explode"}""", "invalid-message", op: "moderate"),
        MemberCases.Refused("moderate without action", """{"peerId":"{b}"}""", "invalid-message", op: "moderate"),
        MemberCases.Refused("moderate by a member", """{"peerId":"{b}","action":"mute"}""", "forbidden", op: "moderate"),
        MemberCases.Refused("room-settings with neither setting", "{}", "invalid-message", op: "room-settings"),
        MemberCases.Refused("room-settings with locked as a string", """{"locked":"yes"}""", "invalid-message", op: "room-settings"),
        MemberCases.Refused("room-settings by a member", """{"locked":true,"lobby":true}""", "forbidden", op: "room-settings"),
        MemberCases.Refused("set-attributes over 1 KiB", $$$"""{"attributes":{"n":"{{{new string('x', 1100)}}}"}}""", "too-large", op: "set-attributes"),
        MemberCases.Refused("set-attributes with an array", """{"attributes":[{"hand":true}]}""", "invalid-message", op: "set-attributes"),
        MemberCases.Refused("set-attributes with a string", """{"attributes":"{\"hand\":true}"}""", "invalid-message", op: "set-attributes"),
        MemberCases.Refused("set-attributes without attributes", "{}", "invalid-message", op: "set-attributes"),
        MemberCases.Refused("set-attributes nested 100 deep", $$$"""{"attributes":{"a":{{{new string('[', 100)}}}{{{new string(']', 100)}}}}}""", "invalid-message", "set-attributes", "ws"),
        new("a moderator naming a member of another room or a made-up id reaches no one", ModeratorOutsideAsync, AbuseCase.Both),
    ];

    private static async Task ModeratorOutsideAsync(AbuseGateway gateway, string transport)
    {
        var room = "abuse-mod-" + Guid.NewGuid().ToString("N");
        await using var moderator = await gateway.ProbeAsync(transport);
        await moderator.JoinAsync(room, AbuseGateway.Grant(room, "mod", role: "moderator"), "mod");
        var (c, _, d, idD) = await gateway.PairAsync(transport, transport);
        await using (c)
        await using (d)
        {
            foreach (var target in new[] { idD, PeerId.New().Value, "../../peer/x" })
            {
                Assert.Equal("unknown-peer", await moderator.CodeAsync("kick", $$"""{"peerId":"{{target}}"}"""));
                Assert.Equal("unknown-peer", await moderator.CodeAsync("moderate", $$"""{"peerId":"{{target}}","action":"mute"}"""));
            }

            // The other room goes on as before: its members are there, and heard nothing.
            Assert.False(c.HasEvent || d.HasEvent, "the other room heard something");
            await c.RequestAsync("signal", $$$"""{"to":"{{{idD}}}","type":"offer","data":{"after":"outside"}}""");
            Assert.Equal("outside", (await d.NextAsync("signal")).GetProperty("data").GetProperty("after").GetString());
        }
    }
}
