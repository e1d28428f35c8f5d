using System.Collections.Immutable;
using MeshCall.Contracts.Peers;
using Orleans.Concurrency;

namespace MeshCall.Contracts.Gateways;

/// <summary>
/// One per gateway process: grains push a session's events to the gateway holding its connection. Order is
/// restored from <see cref="NumberedEvent.Seq"/>, so pushes may overtake each other.
/// </summary>
[Alias("meshcall.IGatewayObserver")]
public interface IGatewayObserver : IGrainObserver
{
    /// <summary>
    /// Queues each event for its connection, in the batch's order. Answers the positions in <paramref name="batch"/> of
    /// the events whose connection this gateway no longer holds (empty when it holds them all).
    /// </summary>
    [Alias("AcceptBatch")]
    Task<ImmutableArray<int>> AcceptBatchAsync([Immutable] ImmutableArray<ConnectionEvent> batch);

    /// <summary>
    /// Queues an event for a connection; false when this gateway no longer holds that connection. Silos push in
    /// batches (<see cref="AcceptBatchAsync"/>); this stays for silos of the previous version during a rolling update.
    /// </summary>
    [Alias("Accept")]
    Task<bool> AcceptAsync(string connectionId, NumberedEvent delivery);

    /// <summary>
    /// The room's other members as a connection's client knows them (from its <c>joined</c> and the roster events
    /// it was sent); null when this gateway no longer holds that connection for <paramref name="peer"/>. A session
    /// restored on another silo asks, so it can tell its client what it missed.
    /// </summary>
    [Alias("KnownPeers")]
    Task<ImmutableArray<PeerId>?> KnownPeersAsync(string connectionId, PeerId peer);

    /// <summary>
    /// A moderator admitted (or denied) the client waiting in a room's lobby under <paramref name="lobbyId"/> on a
    /// connection of this gateway. One-way: a room must not wait on a gateway that may be gone (the entry then expires).
    /// </summary>
    [OneWay, Alias("LobbyAnswered")]
    Task LobbyAnsweredAsync(string connectionId, string lobbyId, bool admitted);

    /// <summary>Tells a connection why its session is no longer its own, and closes it.</summary>
    [OneWay, Alias("Close")]
    Task CloseAsync(string connectionId, CloseReason reason);
}
