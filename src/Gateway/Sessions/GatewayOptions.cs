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

    /// <summary>Events waiting for a client that does not read; past it the connection is dropped.</summary>
    [Range(16, 1_000_000)]
    public int MaxQueuedEvents { get; set; } = 4096;
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
}

/// <summary>Configuration section <c>Ice</c>: the RTCIceServer list every <c>joined</c> carries.</summary>
public sealed class IceOptions
{
    public const string Section = "Ice";

    public List<IceServer> Servers { get; set; } = [];
}

public sealed class IceServer
{
    public List<string> Urls { get; set; } = [];

    public string? Username { get; set; }

    public string? Credential { get; set; }
}
