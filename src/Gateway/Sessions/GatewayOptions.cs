using System.ComponentModel.DataAnnotations;

namespace MeshCall.Gateway.Sessions;

/// <summary>Configuration section <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>How often this gateway proves to each session's grain that its connection is alive.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a signal may wait for the cluster before the client is told <c>unavailable</c> and retries. A call to
    /// a silo that just died otherwise waits for Orleans' response timeout; the retry carries the same msgId, so the
    /// original, should it still run, is not delivered twice.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SignalTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a session's push to this gateway waits for its confirmation: half the <see cref="SignalTimeout"/>, so the
    /// session answers a sender (delivered, or <c>unavailable</c> to retry) before the sender's gateway stops waiting.
    /// </summary>
    public TimeSpan PushTimeout => SignalTimeout / 2;

    /// <summary>
    /// Browser origins allowed to open <c>/ws</c> and the hub: empty for the gateway's own origin only, <c>*</c> for
    /// any. Clients that send no <c>Origin</c> (not browsers) are not affected.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Reverse proxies (addresses) whose <c>X-Forwarded-For</c> names the client; nobody else's is believed.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) of such proxies, for an ingress whose pods' addresses change.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How long a new connection may take to send its first <c>join</c> before it is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan JoinDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rooms this gateway holds sessions of at most; a join into another one beyond it is <c>unavailable</c>.</summary>
    [Range(1, 10_000_000)]
    public int MaxRooms { get; set; } = 100_000;

    /// <summary>Events waiting for a client that does not read; past it the connection is dropped.</summary>
    [Range(16, 1_000_000)]
    public int MaxQueuedEvents { get; set; } = 4096;

    /// <summary>
    /// Bytes waiting for a client that does not read; past it the connection is dropped. At least 16 of the largest
    /// signals (checked at start), so a client that reads is not dropped for one burst of them.
    /// </summary>
    [Range(16 * 1024, 1L << 32)]
    public long MaxQueuedBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long one write to a client's socket may take; a client that does not read for so long is dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Configuration section <c>Limits</c>: what one request may carry.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>The largest <c>data</c> of a signal or broadcast; larger is a bad request (<c>too-large</c>).</summary>
    [Range(16, 16 * 1024 * 1024)]
    public int MaxSignalBytes { get; set; } = 64 * 1024;

    /// <summary>The largest WebSocket message; larger is abuse and closes the socket, without buffering it whole.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 1024 * 1024;

    /// <summary>Requests one connection may make per second on average (a token bucket); beyond, <c>rate-limited</c>.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecond { get; set; } = 200;

    /// <summary>Requests one connection may make at once above that rate.</summary>
    [Range(1, 1_000_000)]
    public int RequestBurst { get; set; } = 400;

    /// <summary>Refused requests in a row after which the connection is closed as abusive.</summary>
    [Range(1, 1_000_000)]
    public int RateLimitStrikes { get; set; } = 100;

    /// <summary>Open connections from one address at once (0: no limit); beyond, the upgrade gets 429.</summary>
    [Range(0, 10_000_000)]
    public int MaxConnectionsPerIp { get; set; }

    /// <summary>Fresh joins from one address per minute (0: no limit); beyond, <c>rate-limited</c>.</summary>
    [Range(0, 10_000_000)]
    public int JoinsPerMinutePerIp { get; set; }

    /// <summary>Failed resumes from one address per minute, like failed logins; beyond, every resume is <c>rate-limited</c>.</summary>
    [Range(1, 10_000_000)]
    public int FailedResumesPerMinutePerIp { get; set; } = 30;
}

/// <summary>Configuration section <c>Ice</c>: the RTCIceServer list every <c>joined</c> carries.</summary>
public sealed class IceOptions
{
    public const string Section = "Ice";

    public List<IceServer> Servers { get; set; } = [];

    /// <summary>coturn's <c>static-auth-secret</c>: when set, TURN entries get per-peer credentials in each <c>joined</c>.</summary>
    public string? TurnSecret { get; set; }

    /// <summary>How long those credentials last.</summary>
    public TimeSpan TurnTtl { get; set; } = TimeSpan.FromHours(1);
}

public sealed class IceServer
{
    public List<string> Urls { get; set; } = [];

    public string? Username { get; set; }

    public string? Credential { get; set; }
}
