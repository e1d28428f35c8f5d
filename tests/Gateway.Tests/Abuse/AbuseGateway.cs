using MeshCall.Gateway.Security;

namespace MeshCall.Gateway.Tests.Abuse;

/// <summary>
/// The gateway the abuse suite attacks (JWT grants on, an origin allow-list, the default frame and data limits),
/// with two sessions that must never notice: watchers in a sentinel room no case addresses, and a canary pair
/// whose exchange after every case proves the server still relays.
/// </summary>
public sealed class AbuseGateway : EmbeddedGateway
{
    public const string SigningKey = "abuse-suite-signing-key-of-32-bytes-or-more";
    public const string AllowedOrigin = "https://meshcall.example";
    public const int RateLimitStrikes = 50;
    private const string SentinelRoom = "sentinel";
    private const string CanaryRoom = "canary";

    private readonly List<Probe> _sessions = [];
    private int _canaryRound;

    public IReadOnlyList<Probe> Sentinels { get; private set; } = [];

    protected override IEnumerable<string> Settings =>
    [
        "--Auth:Mode=Jwt", $"--Auth:SigningKey={SigningKey}",
        $"--Gateway:AllowedOrigins:0={AllowedOrigin}",
        "--Limits:RequestsPerSecond=20", "--Limits:RequestBurst=40", $"--Limits:RateLimitStrikes={RateLimitStrikes}",
    ];

    public static string Grant(string room, string subject = "tester", string? name = null, TimeSpan? lifetime = null, string key = SigningKey, string? role = null) =>
        GrantMinter.Mint(key, room, subject, name, lifetime: lifetime, role: role);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var sentinels = new List<Probe> { await WebSocketProbe.ConnectAsync(WebSocket), await HubProbe.ConnectAsync(Hub) };
        _sessions.AddRange(sentinels);
        foreach (var sentinel in sentinels)
        {
            await sentinel.JoinAsync(SentinelRoom, Grant(SentinelRoom));
        }

        await sentinels[0].NextAsync("peer-joined");
        Sentinels = sentinels;
    }

    /// <summary>A fresh probe of <paramref name="transport"/>.</summary>
    public async Task<Probe> ProbeAsync(string transport) =>
        transport == "ws" ? await WebSocketProbe.ConnectAsync(WebSocket) : await HubProbe.ConnectAsync(Hub);

    /// <summary>Two new members of a new room, on the given transports.</summary>
    public async Task<(Probe A, string IdA, Probe B, string IdB)> PairAsync(string transportA, string transportB, string? room = null)
    {
        room ??= "abuse-" + Guid.NewGuid().ToString("N");
        var a = await ProbeAsync(transportA);
        var b = await ProbeAsync(transportB);
        var idA = await a.JoinAsync(room, Grant(room), "a");
        var idB = await b.JoinAsync(room, Grant(room), "b");
        await a.NextAsync("peer-joined");
        return (a, idA, b, idB);
    }

    /// <summary>A normal 3-peer exchange still works (every pair, both transports), and the sentinel room heard nothing.</summary>
    public async Task AssertUnharmedAsync()
    {
        var round = Interlocked.Increment(ref _canaryRound);
        var room = $"{CanaryRoom}-{round}";
        var (a, idA, b, idB) = await PairAsync("ws", "hub", room);
        var c = await ProbeAsync("ws");
        await using (a)
        await using (b)
        await using (c)
        {
            var idC = await c.JoinAsync(room, Grant(room), "c");
            var peers = new[] { (Probe: a, Id: idA), (Probe: b, Id: idB), (Probe: c, Id: idC) };
            foreach (var (from, fromId) in peers)
            {
                foreach (var (_, toId) in peers.Where(p => p.Id != fromId))
                {
                    await from.RequestAsync("signal", $$$"""{"to":"{{{toId}}}","type":"offer","data":{"from":"{{{fromId}}}","round":{{{round}}}}}""");
                }
            }

            foreach (var (to, toId) in peers)
            {
                var senders = new List<string>();
                for (var i = 0; i < 2; i++)
                {
                    var signal = await to.NextAsync("signal");
                    Assert.Equal(signal.GetProperty("from").GetString(), signal.GetProperty("data").GetProperty("from").GetString());
                    senders.Add(signal.GetProperty("from").GetString()!);
                }

                Assert.Equal(peers.Select(p => p.Id).Where(id => id != toId).Order(), senders.Order());
            }
        }

        foreach (var sentinel in Sentinels)
        {
            Assert.False(sentinel.HasEvent, $"the sentinel room heard something on {sentinel.Transport}");
        }
    }

    public override async Task DisposeAsync()
    {
        foreach (var session in _sessions)
        {
            await session.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
