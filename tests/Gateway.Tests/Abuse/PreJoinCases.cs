namespace MeshCall.Gateway.Tests.Abuse;

/// <summary>What a connection that has not joined may try: every op, bad rooms, names, grants and resume tokens.</summary>
public static class PreJoinCases
{
    private static readonly string LongName = new('n', 65);

    public static IEnumerable<AbuseCase> All =>
    [
        Refused("signal before join", "signal", """{"to":"AAAAAAAAAAAAAAAAAAAAAA","type":"offer","data":{}}""", "not-joined"),
        Refused("broadcast before join", "broadcast", """{"data":{}}""", "not-joined"),
        Refused("leave before join", "leave", "{}", "not-joined"),
        Refused("stats before join", "stats", """{"peers":[]}""", "not-joined"),
        Refused("join without room", "join", JoinBody(null, Grant("x")), "invalid-message"),
        Refused("join with an empty room", "join", JoinBody("", Grant("*")), "invalid-room"),
        Refused("join a room with spaces", "join", JoinBody("a b", Grant("*")), "invalid-room"),
        Refused("join a 129-character room", "join", JoinBody(new string('r', 129), Grant("*")), "invalid-room"),
        Refused("join a Unicode room", "join", JoinBody("zimmer-ü", Grant("*")), "invalid-room"),
        Refused("join a path-like room", "join", JoinBody("../../etc/passwd", Grant("*")), "invalid-room"),
        Refused("join a room given as a number", "join", """{"room":42}""", "invalid-message"),
        Refused("join a room given as an object", "join", """{"room":{"$ne":null}}""", "invalid-message"),
        Refused("join with a 65-character name", "join", JoinBody("r1", Grant("r1"), LongName), "invalid-message"),
        Refused("join with a control character in the name", "join", JoinBody("r1", Grant("r1"), "bell\u0007"), "invalid-message"),
        Refused("join with a name given as an array", "join", """{"room":"r1","name":["a"]}""", "invalid-message"),
        Refused("join with a lone surrogate in the name", "join", $$"""{"room":"r1","token":"{{Grant("r1")}}","name":"bad\ud800"}""", "invalid-message"),
        Refused("join with a lone surrogate in the room", "join", $$"""{"room":"r\udfff","token":"{{Grant("*")}}"}""", "invalid-message"),
        Refused("join without a grant", "join", JoinBody("r1", null), "unauthorized"),
        Refused("join with an expired grant", "join", JoinBody("r1", AbuseGateway.Grant("r1", lifetime: TimeSpan.FromMinutes(-5))), "unauthorized"),
        Refused("join with a grant signed by another key", "join", JoinBody("r1", AbuseGateway.Grant("r1", key: "some-other-key-which-is-also-32-bytes-long")), "unauthorized"),
        Refused("join with a grant for another room", "join", JoinBody("r1", Grant("r2")), "unauthorized"),
        Refused("join with an alg-none grant", "join", JoinBody("r1", Security.ForgedGrants.Unsigned("r1")), "unauthorized"),
        Refused("join with a grant that is not a JWT", "join", JoinBody("r1", "definitely-not-a-jwt"), "unauthorized"),
        Refused("join with a 100 KB grant", "join", JoinBody("r1", new string('a', 100_000)), "unauthorized"),
        Refused("resume with a forged token", "join", ResumeBody("r1", "AAAAAAAAAAAAAAAAAAAAAA.forged-secret"), "resume-expired"),
        Refused("resume with a token without a peer id", "join", ResumeBody("r1", "no-dot-here"), "resume-expired"),
        Refused("resume with a control-character token", "join", ResumeBody("r1", "\u0001.\u0002"), "resume-expired"),
        Refused("resume with a negative lastSeq", "join", """{"room":"r1","resume":"x.y","lastSeq":-1}""", "invalid-message"),
        Refused("resume with a fractional lastSeq", "join", """{"room":"r1","resume":"x.y","lastSeq":1.5}""", "invalid-message"),
        new("a Unicode name is accepted and shown as sent", UnicodeNameAsync, AbuseCase.Both),
        new("a flood of joins is rate-limited and then closed", JoinFloodAsync, AbuseCase.Both),
        new("a replayed resume token is refused", ReplayedResumeAsync, AbuseCase.Both),
        new("a resume token used for another room is refused", ResumeInOtherRoomAsync, AbuseCase.Both),
        new("twenty joins dropped before their reply leave nothing behind", DroppedJoinsAsync, AbuseCase.Both),
    ];

    private static AbuseCase Refused(string name, string op, string body, string code) => new(name, async (gateway, transport) =>
    {
        await using var probe = await gateway.ProbeAsync(transport);
        Assert.Equal(code, await probe.CodeAsync(op, body));

        // The connection is as it was: it can still join.
        var room = "after-" + Guid.NewGuid().ToString("N");
        Assert.NotEmpty(await probe.JoinAsync(room, Grant(room)));
    }, AbuseCase.Both);

    private static async Task UnicodeNameAsync(AbuseGateway gateway, string transport)
    {
        var room = "unicode-" + Guid.NewGuid().ToString("N");
        await using var a = await gateway.ProbeAsync(transport);
        await using var b = await gateway.ProbeAsync(transport);
        await a.JoinAsync(room, Grant(room), "Zoë 🎧 李");
        var joined = await b.RequestAsync("join", JoinBody(room, Grant(room), "b"));
        Assert.Equal("Zoë 🎧 李", joined.GetProperty("peers")[0].GetProperty("name").GetString());
    }

    private static async Task JoinFloodAsync(AbuseGateway gateway, string transport)
    {
        await using var probe = await gateway.ProbeAsync(transport);
        var codes = await Task.WhenAll(Enumerable.Range(0, 500).Select(async i =>
        {
            try
            {
                return await probe.CodeAsync("join", JoinBody($"no spaces allowed {i}", Grant("*")));
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                return "closed";
            }
        }));

        Assert.Contains("invalid-room", codes);
        Assert.Contains("rate-limited", codes);
        await probe.Closed.WaitAsync(Probe.Timeout);
    }

    private static async Task ReplayedResumeAsync(AbuseGateway gateway, string transport)
    {
        var room = "replay-" + Guid.NewGuid().ToString("N");
        var first = await gateway.ProbeAsync(transport);
        var token = (await first.RequestAsync("join", JoinBody(room, Grant(room)))).GetProperty("resumeToken").GetString()!;
        await first.DisposeAsync();
        await using var second = await gateway.ProbeAsync(transport);
        await second.RequestAsync("join", ResumeBody(room, token));
        await using var third = await gateway.ProbeAsync(transport);
        Assert.Equal("resume-expired", await third.CodeAsync("join", ResumeBody(room, token)));
    }

    private static async Task ResumeInOtherRoomAsync(AbuseGateway gateway, string transport)
    {
        var room = "own-" + Guid.NewGuid().ToString("N");
        var first = await gateway.ProbeAsync(transport);
        var token = (await first.RequestAsync("join", JoinBody(room, Grant(room)))).GetProperty("resumeToken").GetString()!;
        await first.DisposeAsync();
        await using var second = await gateway.ProbeAsync(transport);
        Assert.Equal("resume-expired", await second.CodeAsync("join", ResumeBody("someone-elses-room", token)));
    }

    private static async Task DroppedJoinsAsync(AbuseGateway gateway, string transport)
    {
        for (var i = 0; i < 20; i++)
        {
            var room = "dropped-" + Guid.NewGuid().ToString("N");
            using var socket = new System.Net.WebSockets.ClientWebSocket();
            var join = JoinBody(room, Grant(room));
            if (transport == "ws")
            {
                await socket.ConnectAsync(gateway.WebSocket, CancellationToken.None);
                await SendAsync(socket, join.Insert(1, "\"op\":\"join\","));
            }
            else
            {
                await socket.ConnectAsync(new Uri($"ws://{gateway.Http.Authority}/hubs/mesh"), CancellationToken.None);
                await SendAsync(socket, """{"protocol":"json","version":1}""" + '\u001e');
                await SendAsync(socket, $$"""{"type":1,"invocationId":"1","target":"Join","arguments":[{{join}}]}""" + '\u001e');
            }

            socket.Abort();
        }
    }

    private static Task SendAsync(System.Net.WebSockets.ClientWebSocket socket, string text) =>
        socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);

    internal static string Grant(string room) => AbuseGateway.Grant(room);

    internal static string JoinBody(string? room, string? token, string name = "probe") =>
        System.Text.Json.JsonSerializer.Serialize(new { room, name, token });

    private static string ResumeBody(string room, string resume) => System.Text.Json.JsonSerializer.Serialize(new { room, resume });
}
