using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using Orleans.Core;

namespace MeshCall.Grains.Peers;

/// <summary>
/// Where a session's stored copy comes from. A join's peer id was made for it a moment ago, so nothing is stored under
/// it: its activation reads nothing, and its first write creates the record (storage refuses it if one exists, as it
/// refuses any write that did not start from what is stored). Any other first call finds a session whose silo was
/// lost, or one that has ended: that call, and every call arriving meanwhile, waits until the stored copy is read and
/// the session restored from it.
/// </summary>
public sealed partial class PeerGrain : IIncomingGrainCallFilter
{
    private StateStorageBridge<PeerSessionState>? _stored;
    private Task? _loaded;

    private StateStorageBridge<PeerSessionState> Stored => _stored ??= new("session", GrainContext, storage);

    Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        _loaded ??= context.InterfaceMethod?.Name == nameof(IPeerGrain.JoinAsync) ? StartFresh() : RestoreAsync();
        return _loaded.IsCompletedSuccessfully ? context.Invoke() : InvokeWhenLoadedAsync(context);
    }

    private Task StartFresh()
    {
        Stored.State = new PeerSessionState();
        return Task.CompletedTask;
    }

    private async Task InvokeWhenLoadedAsync(IIncomingGrainCallContext context)
    {
        await _loaded!;
        await context.Invoke();
    }

    private async Task RestoreAsync()
    {
        try
        {
            await Stored.ReadStateAsync();
            if (Room is { } room)
            {
                await RestoreAsync(room);
            }
        }
        catch
        {
            // As an activation that could not start: the calls fail, and the next one finds a fresh activation.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Restored after the silo that held this session was lost, or after the session ended there.</summary>
    private async Task RestoreAsync(RoomId room)
    {
        // New event numbers must never repeat old ones.
        Stored.State.Epoch++;
        await Stored.WriteStateAsync();
        Outbox.Stream.StartEpoch(Stored.State.Epoch);
        var roster = await GrainFactory.GetRoom(room).GetRosterAsync();
        if (!roster.Members.Any(m => m.PeerId == Self))
        {
            // The room ended this session while it was away (it timed out, or the room was emptied).
            await ForgetAsync();
            return;
        }

        _role = roster.Members.First(m => m.PeerId == Self).Role;
        _roster.Reset(roster.Version, roster.Members.Where(m => m.PeerId != Self));
        if (Stored.State.Connection is { } connection)
        {
            // Its gateway proves the connection is still there with its next heartbeat, or the session detaches.
            Attach(connection);

            // Changes this session missed while its silo was gone are in the room's roster but not in what its client
            // was told.
            _clientUnreconciled = true;
            _ = ReconcileClientAsync(connection);
        }

        StartClock();
        _counted.Set(true);
        metrics.Restored("session");
        PeerLog.Restored(logger, Self.Value, room.Value, Stored.State.Epoch);
    }
}
