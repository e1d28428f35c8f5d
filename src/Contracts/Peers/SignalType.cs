namespace MeshCall.Contracts.Peers;

/// <summary>The kinds of addressed message a peer may relay (PROTOCOL.md `signal.type`).</summary>
public enum SignalType
{
    Offer,
    Answer,
    Candidate,
    Bye,
    Custom,
}

/// <summary>Why a peer left its room (PROTOCOL.md `peer-left.reason`).</summary>
public enum LeaveReason
{
    Left,
    Timeout,
    Kicked,
}

/// <summary>Whether a member's connection is up or held for resume (PROTOCOL.md `peer-state.state`).</summary>
public enum PresenceState
{
    Reconnecting,
    Connected,
}

/// <summary>Why the server ends a connection (PROTOCOL.md `closed.reason`).</summary>
public enum CloseReason
{
    Kicked,
    Replaced,
    Shutdown,
}
