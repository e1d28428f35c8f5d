using MeshCall.Contracts.Gateways;

namespace MeshCall.Grains.Gateways;

/// <summary>What came of pushing one event to the gateway holding its session's connection.</summary>
public enum PushResult
{
    /// <summary>The gateway has it, queued for the connection.</summary>
    Confirmed,

    /// <summary>The gateway answered that it no longer holds the connection.</summary>
    ConnectionGone,

    /// <summary>No answer in time, which says nothing about the connection (the path may run through a silo that just died).</summary>
    NoAnswer,
}
