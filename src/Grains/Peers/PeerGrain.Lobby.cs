using System.Collections.Immutable;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Peers;

/// <summary>
/// The lobby as a moderator's session sees it: the room tells it of each knock and each entry settled or gone (the
/// room alone decides who moderates), and its admit or deny goes to the room.
/// </summary>
public sealed partial class PeerGrain
{
    // Knock news that reached this session while its own join was under way: its client hears it after `joined`.
    private List<PeerEvent>? _heldKnocks;

    public Task<ModerationOutcome> AnswerKnockAsync(string lobbyId, bool admit) =>
        Room is { } room ? GrainFactory.GetRoom(room).AnswerKnockAsync(Self, lobbyId, admit) : NotMember;

    public Task OnKnockAsync(LobbyKnock knock)
    {
        TellLobby(new KnockEvent(knock));
        return Task.CompletedTask;
    }

    public Task OnKnockWithdrawnAsync(string lobbyId)
    {
        TellLobby(new KnockWithdrawnEvent(lobbyId));
        return Task.CompletedTask;
    }

    private void TellLobby(PeerEvent evt)
    {
        if (_joining)
        {
            (_heldKnocks ??= []).Add(evt);
        }
        else if (Room is not null)
        {
            Push(evt);
        }
    }

    /// <summary>
    /// A moderator that has just joined hears who waits: the room's list as it answered, then what changed while the
    /// join completed (a knock it already has is not told twice; a withdrawal only of one it was told).
    /// </summary>
    private void TellKnocksOnJoin(ImmutableArray<LobbyKnock> knocks)
    {
        var told = new HashSet<string>();
        foreach (var knock in knocks.IsDefault ? [] : knocks)
        {
            told.Add(knock.LobbyId);
            Push(new KnockEvent(knock));
        }

        foreach (var evt in _heldKnocks ?? [])
        {
            if (evt is KnockEvent k ? told.Add(k.Knock.LobbyId) : evt is KnockWithdrawnEvent w && told.Contains(w.LobbyId))
            {
                Push(evt);
            }
        }
    }
}
