using System.ComponentModel.DataAnnotations;

namespace MeshCall.Peers;

/// <summary>The per-session limits of configuration section <c>Limits</c> that a peer grain enforces.</summary>
public sealed class PeerOptions
{
    public const string Section = "Limits";

    /// <summary>Events a session keeps for a client that comes back; beyond it the oldest are dropped (and the client told).</summary>
    [Range(1, 65536)]
    public int MaxBufferedSignals { get; set; } = 256;
}
