using MeshCall.Contracts.Peers;

namespace MeshCall.Gateway.Tests.Abuse;

/// <summary>What a member may try: addressing outside its room, spoofing, bad fields, oversized data, floods.</summary>
public static class MemberCases
{
    public static IEnumerable<AbuseCase> All =>
    [
        Refused("signal to an unknown peer id", """{"to":"AAAAAAAAAAAAAAAAAAAAAA","type":"offer","data":{}}""", "unknown-peer"),
        Refused("signal to an empty id", """{"to":"","type":"offer","data":{}}""", "unknown-peer"),
        Refused("signal to a 10,000-character id", $$$"""{"to":"{{{new string('A', 10_000)}}}","type":"offer","data":{}}""", "unknown-peer"),
        Refused("signal to a negative id", """{"to":"-1","type":"offer","data":{}}""", "unknown-peer"),
        Refused("signal to a Unicode id", """{"to":"ÄÖÜäöü€𝄞","type":"offer","data":{}}""", "unknown-peer"),
        Refused("signal to a control-character id", """{"to":"\u0000\u0001\u001f","type":"offer","data":{}}""", "unknown-peer"),
        Refused("signal to a path-like id", """{"to":"../../peer/x","type":"offer","data":{}}""", "unknown-peer"),
        Refused("signal with an id given as a number", """{"to":12345,"type":"offer","data":{}}""", "invalid-message"),
        Refused("signal with an unknown type", """{"to":"{b}","type":"sonar","data":{}}""", "invalid-message"),
        Refused("signal without data", """{"to":"{b}","type":"offer"}""", "invalid-message"),
        Refused("signal without to", """{"type":"offer","data":{}}""", "invalid-message"),
        Refused("signal with data over 64 KiB", $$"""{"to":"{b}","type":"offer","data":"{{new string('x', 70_000)}}"}""", "too-large"),
        Refused("signal with data nested 100 deep", $$"""{"to":"{b}","type":"offer","data":{{new string('[', 100)}}{{new string(']', 100)}}}""", "invalid-message", transports: "ws"),
        new("signal with data nested 100 deep closes a hub connection (SignalR's own reader refuses it)", HubJsonBombAsync, "hub"),
        Refused("signal with a negative msgId", """{"to":"{b}","type":"offer","data":{},"msgId":-5}""", "invalid-message"),
        Refused("signal with a fractional msgId", """{"to":"{b}","type":"offer","data":{},"msgId":1.5}""", "invalid-message"),
        Refused("signal with a msgId beyond 2^53", """{"to":"{b}","type":"offer","data":{},"msgId":9007199254740993}""", "invalid-message"),
        Refused("broadcast with data over 64 KiB", $$"""{"data":"{{new string('x', 70_000)}}"}""", "too-large"),
        Refused("broadcast without data", "{}", "invalid-message"),
        Refused("stats with peers that are not an array", """{"peers":{"not":"an array"}}""", "invalid-message"),
        Refused("a second join", """{"room":"r2"}""", "already-joined", op: "join"),
        new("a spoofed from is ignored and the real sender stamped", SpoofedFromAsync, AbuseCase.Both),
        new("a signal to a member of another room reaches no one", OtherRoomAsync, AbuseCase.Both),
        new("a signal to oneself is unknown-peer", SelfAsync, AbuseCase.Both),
        new("joining 1,000 rooms from one connection joins none of them", ThousandRoomsAsync, AbuseCase.Both),
        new("a flood of signals is rate-limited and then closed", FloodAsync, AbuseCase.Both),
        new("stats reports naming 900 KB peer ids are answered ok and kept nowhere", HugeStatsAsync, AbuseCase.Both),
        new("signals to 30 made-up peer ids are each unknown-peer", StrangersAsync, AbuseCase.Both),
        new("signal data with lone surrogates and out-of-range numbers arrives byte for byte", OddDataAsync, AbuseCase.Both),
        new("a member that stops reading while others broadcast is closed, and the others go on", SlowMemberCase.RunAsync, AbuseCase.Both),
    ];

    /// <summary>A member (with a partner whose id replaces <c>{b}</c>) sends <paramref name="body"/>: the code, then it still relays.</summary>
    internal static AbuseCase Refused(string name, string body, string code, string op = "signal", params string[] transports) => new(name, async (gateway, transport) =>
    {
        var (a, _, b, idB) = await gateway.PairAsync(transport, transport);
        await using (a)
        await using (b)
        {
            Assert.Equal(code, await a.CodeAsync(op, body.Replace("{b}", idB, StringComparison.Ordinal)));
            await a.RequestAsync("signal", $$$"""{"to":"{{{idB}}}","type":"candidate","data":{"after":"{{{code}}}"}}""");
            Assert.Equal(code, (await b.NextAsync("signal")).GetProperty("data").GetProperty("after").GetString());
        }
    }, transports.Length > 0 ? transports : AbuseCase.Both);

    private static async Task HubJsonBombAsync(AbuseGateway gateway, string transport)
    {
        var (a, _, b, idB) = await gateway.PairAsync(transport, transport);
        await using (a)
        await using (b)
        {
            var bomb = $$"""{"to":"{{idB}}","type":"offer","data":{{new string('[', 100)}}{{new string(']', 100)}}}""";
            Assert.NotEqual("ok", await Outcome(() => a.CodeAsync("signal", bomb)));
            await a.Closed.WaitAsync(Probe.Timeout);
            Assert.Equal("ok", await b.CodeAsync("ping"));
        }
    }

    /// <summary>The code, or <c>closed</c> when the connection went away first.</summary>
    private static async Task<string> Outcome(Func<Task<string>> request)
    {
        try
        {
            return await request();
        }
        catch (Exception ex) when (ex is not ProbeException and not Xunit.Sdk.XunitException)
        {
            return ex is TimeoutException ? "timed out" : "closed";
        }
    }

    private static async Task SpoofedFromAsync(AbuseGateway gateway, string transport)
    {
        var (a, idA, b, idB) = await gateway.PairAsync(transport, transport);
        await using (a)
        await using (b)
        {
            await a.RequestAsync("signal", $$$"""{"to":"{{{idB}}}","from":"{{{idB}}}","type":"offer","data":{"from":"mallory","sdp":"v=0"}}""");
            var signal = await b.NextAsync("signal");
            Assert.Equal(idA, signal.GetProperty("from").GetString());
            Assert.Equal("""{"from":"mallory","sdp":"v=0"}""", signal.GetProperty("data").GetRawText());
        }
    }

    private static async Task OtherRoomAsync(AbuseGateway gateway, string transport)
    {
        var (a, _, b, _) = await gateway.PairAsync(transport, transport);
        var (c, _, d, idD) = await gateway.PairAsync(transport, transport);
        await using (a)
        await using (b)
        await using (c)
        await using (d)
        {
            Assert.Equal("unknown-peer", await a.CodeAsync("signal", $$$"""{"to":"{{{idD}}}","type":"offer","data":{}}"""));
            await c.RequestAsync("signal", $$$"""{"to":"{{{idD}}}","type":"offer","data":{"from":"c"}}""");
            Assert.Equal("c", (await d.NextAsync("signal")).GetProperty("data").GetProperty("from").GetString());
            Assert.False(b.HasEvent);
        }
    }

    private static async Task SelfAsync(AbuseGateway gateway, string transport)
    {
        var (a, idA, b, _) = await gateway.PairAsync(transport, transport);
        await using (a)
        await using (b)
        {
            Assert.Equal("unknown-peer", await a.CodeAsync("signal", $$$"""{"to":"{{{idA}}}","type":"offer","data":{}}"""));
        }
    }

    private static async Task ThousandRoomsAsync(AbuseGateway gateway, string transport)
    {
        var (a, _, b, _) = await gateway.PairAsync(transport, transport);
        await using (a)
        await using (b)
        {
            // Each is refused: already joined, then, sent this fast, rate-limited until the socket is closed.
            var prefix = "thousand-" + Guid.NewGuid().ToString("N");
            var codes = new List<string>();
            for (var i = 0; i < 1000 && !a.Closed.IsCompleted; i++)
            {
                codes.Add(await Outcome(() => a.CodeAsync("join", PreJoinCases.JoinBody($"{prefix}-{i}", PreJoinCases.Grant("*")))));
            }

            Assert.Contains("already-joined", codes);
            Assert.All(codes, code => Assert.Contains(code, new[] { "already-joined", "rate-limited", "closed" }));

            // None of those rooms came to exist: the first member of one of them is alone in it.
            await using var c = await gateway.ProbeAsync(transport);
            var joined = await c.RequestAsync("join", PreJoinCases.JoinBody($"{prefix}-7", PreJoinCases.Grant("*")));
            Assert.Equal(0, joined.GetProperty("peers").GetArrayLength());
        }
    }

    private static async Task HugeStatsAsync(AbuseGateway gateway, string transport)
    {
        var (a, _, b, idB) = await gateway.PairAsync(transport, transport);
        await using (a)
        await using (b)
        {
            for (var i = 0; i < 30; i++)
            {
                var id = new string((char)('A' + (i % 26)), 900_000);
                Assert.Equal("ok", await a.CodeAsync("stats", $$$"""{"peers":[{"peerId":"{{{id}}}","state":"failed","connectMs":{{{i}}}}]}"""));
            }

            await a.RequestAsync("signal", $$$"""{"to":"{{{idB}}}","type":"offer","data":{"after":"stats"}}""");
            Assert.Equal("stats", (await b.NextAsync("signal")).GetProperty("data").GetProperty("after").GetString());
        }
    }

    private static async Task OddDataAsync(AbuseGateway gateway, string transport)
    {
        var (a, _, b, idB) = await gateway.PairAsync(transport, transport);
        await using (a)
        await using (b)
        {
            foreach (var data in new[] { "\"\\ud800\"", """{"a":"\udfff\ud800"}""", "1e400", "123456789012345678901234567890" })
            {
                await a.RequestAsync("signal", $$$"""{"to":"{{{idB}}}","type":"custom","data":{{{data}}}}""");
                Assert.Equal(data, (await b.NextAsync("signal")).GetProperty("data").GetRawText());
            }
        }
    }

    private static async Task StrangersAsync(AbuseGateway gateway, string transport)
    {
        var (a, _, b, idB) = await gateway.PairAsync(transport, transport);
        await using (a)
        await using (b)
        {
            for (var i = 0; i < 30; i++)
            {
                Assert.Equal("unknown-peer", await a.CodeAsync("signal", $$$"""{"to":"{{{PeerId.New().Value}}}","type":"candidate","data":{}}"""));
            }

            await a.RequestAsync("signal", $$$"""{"to":"{{{idB}}}","type":"offer","data":{"after":"strangers"}}""");
            Assert.Equal("strangers", (await b.NextAsync("signal")).GetProperty("data").GetProperty("after").GetString());
        }
    }

    private static async Task FloodAsync(AbuseGateway gateway, string transport)
    {
        var (a, _, b, idB) = await gateway.PairAsync(transport, transport);
        await using (a)
        await using (b)
        {
            var flood = Enumerable.Range(0, 1000).Select(i => Outcome(() => a.CodeAsync("signal", $$$"""{"to":"{{{idB}}}","type":"candidate","data":{"n":{{{i}}}}}""")));
            var codes = await Task.WhenAll(flood);

            Assert.True(codes.Contains("rate-limited"), string.Join(", ", codes.GroupBy(c => c).Select(g => $"{g.Key} × {g.Count()}")) + "; " + a.Ending);
            await a.Closed.WaitAsync(Probe.Timeout);

            // The partner is a bystander: what was accepted arrived, and it goes on.
            Assert.Equal("ok", await b.CodeAsync("ping"));
        }
    }
}
