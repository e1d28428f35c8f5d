using System.Collections.Immutable;
using System.Diagnostics;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Rooms;

/// <summary>
/// The lobby: a fresh join to a room with <c>lobby</c> on waits (stored, so a room restored elsewhere still has it)
/// until a moderator admits or denies it. Moderators hear each knock and each entry that is settled or gone. A waiting
/// client's gateway proves it is there, as it does for a session; an entry no gateway vouches for expires.
/// </summary>
public sealed partial class RoomGrain
{
    private const int MissedLobbyBeats = 3;

    // When each entry's gateway last vouched for it (Stopwatch ticks). Not stored: a room restored on another silo
    // gives every entry one more window from its first look, which a live gateway's beats fill.
    private readonly Dictionary<string, long> _lobbySeen = [];

    private List<LobbyEntry> Lobby => state.State.Lobby;

    /// <summary>Nothing left to keep the room for: no members, no webhook events owed, nobody waiting.</summary>
    private bool Idle => Members.Count == 0 && Outbox.Count == 0 && Lobby.Count == 0;

    /// <summary>
    /// Whether a join that fits may go ahead (null), or the room's answer: an admitted entry's join takes its entry;
    /// a locked room refuses before the lobby is considered; a lobby room holds anyone who would not moderate.
    /// </summary>
    private async Task<RoomJoinOutcome?> GateAsync(PeerId peer, MemberEntry entry, int maxPeers)
    {
        var settings = state.State.Settings;
        if (entry.LobbyTicket is { } ticket)
        {
            return TakeTicket(ticket) ? null : new RoomJoinOutcome(false, state.State.Version, [], maxPeers, Denied: true);
        }

        if (settings.Locked && entry.Role != MemberRole.Moderator)
        {
            RoomLog.Locked(logger, RoomName, peer);
            return new RoomJoinOutcome(false, state.State.Version, [], maxPeers, settings, Locked: true);
        }

        return settings.Lobby && (entry.Role ?? RoleWithoutGrant()) != MemberRole.Moderator
            ? await KnockAsync(entry, maxPeers)
            : null;
    }

    private async Task<RoomJoinOutcome> KnockAsync(MemberEntry entry, int maxPeers)
    {
        // No connection: a gateway of the previous version, which could not be answered; refused like a full lobby.
        if (Lobby.Count >= options.Value.MaxLobby || entry.Connection is null)
        {
            RoomLog.LobbyFull(logger, RoomName, Lobby.Count);
            return new RoomJoinOutcome(false, state.State.Version, [], maxPeers);
        }

        var waiting = new LobbyEntry(LobbyKnock.NewId(), entry);
        Lobby.Add(waiting);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, not waiting: the join fails as `unavailable`.
            Lobby.Remove(waiting);
            throw;
        }

        _lobbySeen[waiting.LobbyId] = Stopwatch.GetTimestamp();
        RoomLog.Knocked(logger, RoomName, Lobby.Count);
        await NotifyAsync(Moderators(), p => p.OnKnockAsync(waiting.Knock));
        return new RoomJoinOutcome(false, state.State.Version, [], maxPeers, state.State.Settings, LobbyId: waiting.LobbyId);
    }

    public async Task<ModerationOutcome> AnswerKnockAsync(PeerId by, string lobbyId, bool admit)
    {
        if (Refusal(by, target: null) is { } refused)
        {
            return refused;
        }

        // Only an entry still waiting: a second moderator's admit of the same one, or a deny after it left, names nothing.
        var index = Lobby.FindIndex(e => e.LobbyId == lobbyId && !e.Admitted);
        if (index < 0)
        {
            return ModerationOutcome.UnknownLobbyEntry;
        }

        var waiting = Lobby[index];
        if (admit)
        {
            Lobby[index] = waiting with { Admitted = true };
        }
        else
        {
            Lobby.RemoveAt(index);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, not decided: the moderator is told `unavailable` and may ask again.
            if (admit)
            {
                Lobby[index] = waiting;
            }
            else
            {
                Lobby.Insert(index, waiting);
            }

            throw;
        }

        RoomLog.KnockAnswered(logger, RoomName, by, admit);
        if (!admit)
        {
            _lobbySeen.Remove(lobbyId);
        }

        var connection = waiting.Entry.Connection!;
        await connection.Observer.LobbyAnsweredAsync(connection.ConnectionId, lobbyId, admit);
        await NotifyAsync(Moderators(except: by), p => p.OnKnockWithdrawnAsync(lobbyId));
        return ModerationOutcome.Done;
    }

    public async Task WithdrawAsync(string lobbyId)
    {
        var index = Lobby.FindIndex(e => e.LobbyId == lobbyId);
        if (index >= 0)
        {
            await DropEntryAsync(index);
        }
    }

    public Task<bool> LobbyBeatAsync(string lobbyId)
    {
        if (!Lobby.Exists(e => e.LobbyId == lobbyId))
        {
            if (Idle)
            {
                DeactivateOnIdle();
            }

            return Task.FromResult(false);
        }

        _lobbySeen[lobbyId] = Stopwatch.GetTimestamp();
        return Task.FromResult(true);
    }

    /// <summary>On the room's timer: entries whose gateway stopped vouching for them (it died, or lost the client unheard) go.</summary>
    private async Task ExpireLobbyAsync()
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = Lobby.Count - 1; i >= 0; i--)
        {
            var waiting = Lobby[i];
            if (!_lobbySeen.TryGetValue(waiting.LobbyId, out var seen))
            {
                _lobbySeen[waiting.LobbyId] = now;
            }
            else if (Stopwatch.GetElapsedTime(seen, now) > waiting.Entry.Connection!.HeartbeatInterval * MissedLobbyBeats)
            {
                RoomLog.LobbyExpired(logger, RoomName);
                await DropEntryAsync(i);
            }
        }
    }

    private async Task DropEntryAsync(int index)
    {
        var gone = Lobby[index];
        Lobby.RemoveAt(index);
        _lobbySeen.Remove(gone.LobbyId);
        await SaveAsync();

        // An admitted entry was withdrawn from every knock list when it was admitted.
        if (!gone.Admitted)
        {
            await NotifyAsync(Moderators(), p => p.OnKnockWithdrawnAsync(gone.LobbyId));
        }

        if (Idle)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>Takes the admitted entry an admitted client's join names; false when it is gone (or never was admitted).</summary>
    private bool TakeTicket(string ticket)
    {
        var index = Lobby.FindIndex(e => e.LobbyId == ticket && e.Admitted);
        if (index < 0)
        {
            return false;
        }

        Lobby.RemoveAt(index);
        _lobbySeen.Remove(ticket);
        return true;
    }

    /// <summary>An admitted client's join that finds the room full ends there, as any join would: its entry goes.</summary>
    private async Task RefuseTicketAsync(MemberEntry entry)
    {
        if (entry.LobbyTicket is { } ticket && TakeTicket(ticket))
        {
            await SaveAsync();
        }
    }

    /// <summary>The knocks a member that has just become a moderator has not heard.</summary>
    private ImmutableArray<LobbyKnock> PendingKnocks() => [.. Lobby.Where(e => !e.Admitted).Select(e => e.Knock)];

    private async Task TellKnocksAsync(RoomMember moderator)
    {
        foreach (var knock in PendingKnocks())
        {
            await NotifyAsync([moderator], p => p.OnKnockAsync(knock));
        }
    }

    private ImmutableArray<RoomMember> Moderators(PeerId? except = null) =>
        [.. Members.Where(m => m.Role == MemberRole.Moderator && m.PeerId != except)];
}
