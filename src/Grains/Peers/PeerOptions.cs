using System.ComponentModel.DataAnnotations;
using MeshCall.Contracts.Peers;

namespace MeshCall.Grains.Peers;

/// <summary>The per-session limits of configuration section <c>Limits</c> that a peer grain enforces.</summary>
public sealed class PeerOptions
{
    public const string Section = "Limits";

    /// <summary>Events a session keeps for a client that comes back; beyond it the oldest are dropped (and the client told).</summary>
    [Range(1, 65536)]
    public int MaxBufferedSignals { get; set; } = 256;

    /// <summary>
    /// Bytes of events a session keeps at most (the oldest beyond it are dropped, and the client told). Keep it below
    /// the gateways' <c>Gateway:MaxQueuedBytes</c>, so a client's replay fits what its gateway queues for it.
    /// </summary>
    [Range(64 * 1024, 1L << 32)]
    public long MaxBufferedBytes { get; set; } = 2 * 1024 * 1024;
}
