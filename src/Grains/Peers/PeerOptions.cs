using System.ComponentModel.DataAnnotations;

namespace MeshCall.Peers;

/// <summary>The per-session limits of configuration section <c>Limits</c> that a peer grain enforces.</summary>
public sealed class PeerOptions
{
    public const string Section = "Limits";

    /// <summary>Events held for a disconnected peer; beyond it the oldest are dropped.</summary>
    [Range(1, 65536)]
    public int MaxBufferedSignals { get; set; } = 256;
}
