using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using MeshCall.Grains.Webhooks;

namespace MeshCall.Grains.Rooms;

/// <summary>
/// The room's webhook outbox: events are stored in the same write as the membership change they report, handed
/// to the silo's <see cref="WebhookSender"/>, and dropped from the state once settled. While the outbox has
/// events a reminder wakes the room, so a room whose silo died sends them even if no member calls it again.
/// </summary>
public sealed partial class RoomGrain : IRoomWebhooks, IRemindable
{
    private const string WakeReminder = "webhooks";

    private bool _wakeRegistered;

    private List<PendingWebhook> Outbox => state.State.Webhooks;

    public async Task SettledAsync(string id, string url)
    {
        var index = Outbox.FindIndex(w => w.Id == id);
        if (index < 0)
        {
            return;
        }

        var owed = Outbox[index].Urls.Remove(url);
        if (owed.IsEmpty)
        {
            Outbox.RemoveAt(index);
        }
        else
        {
            Outbox[index] = Outbox[index] with { Urls = owed };
        }

        await SaveAsync();
        if (Idle)
        {
            await StopWakingAsync();
            DeactivateOnIdle();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Outbox.Count > 0)
        {
            sender.Send(RoomName, Outbox);
            return;
        }

        // Unregistered lazily, on the first tick with nothing owed: a busy room does not pay for it per event.
        await StopWakingAsync();
        if (Idle)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>On activation: events a lost silo did not get to send go out from here.</summary>
    private void ResumeWebhooks()
    {
        if (Outbox.Count > 0)
        {
            _wakeRegistered = true;
            sender.Send(RoomName, Outbox);
        }
    }

    /// <summary>Queues the events of a join (and of the room starting, for the first member); returns how many.</summary>
    private int QueueJoined(bool started, RoomMember member)
    {
        if (sender.Events is not { } events)
        {
            return 0;
        }

        if (started)
        {
            Outbox.Add(events.RoomStarted(RoomName));
        }

        Outbox.Add(events.PeerJoined(RoomName, member));
        KeepOutboxBounded();
        return started ? 2 : 1;
    }

    /// <summary>Queues the events of a leave (and of the room finishing, for the last member); returns how many.</summary>
    private int QueueLeft(PeerId peer, LeaveReason reason)
    {
        if (sender.Events is not { } events)
        {
            return 0;
        }

        Outbox.Add(events.PeerLeft(RoomName, peer, reason));
        var queued = 1;
        if (Members.Count == 0)
        {
            Outbox.Add(events.RoomFinished(RoomName));
            queued = 2;
        }

        KeepOutboxBounded();
        return queued;
    }

    /// <summary>
    /// Past <c>Webhooks:MaxPendingPerRoom</c> the oldest events go: a receiver that is down must not make this room's
    /// state, stored whole with every join and leave, grow without end. (If the write then fails, those stay dropped.)
    /// </summary>
    private void KeepOutboxBounded()
    {
        var bound = webhookOptions.Value.MaxPendingPerRoom;
        var excess = Outbox.Count - bound;
        if (excess <= 0)
        {
            return;
        }

        foreach (var dropped in Outbox.Take(excess))
        {
            sender.Forget(RoomName, dropped, bound);
        }

        Outbox.RemoveRange(0, excess);
    }

    /// <summary>Before the write that stores new events: a reminder already waits to wake the room if its silo dies.</summary>
    private async Task EnsureWakingAsync(int queued)
    {
        if (queued == 0 || _wakeRegistered)
        {
            return;
        }

        try
        {
            var period = webhookOptions.Value.WakePeriod;
            await this.RegisterOrUpdateReminder(WakeReminder, period, period);
            _wakeRegistered = true;
        }
        catch (Exception ex)
        {
            // The events are stored all the same; the room then sends them when next called.
            WebhookLog.ReminderFailed(logger, ex, RoomName);
        }
    }

    private void SendQueued(int queued)
    {
        if (queued > 0)
        {
            sender.Send(RoomName, Outbox[^queued..]);
        }
    }

    private void Unqueue(int queued) => Outbox.RemoveRange(Outbox.Count - queued, queued);

    private async Task StopWakingAsync()
    {
        try
        {
            if (await this.GetReminder(WakeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _wakeRegistered = false;
        }
        catch (Exception ex)
        {
            WebhookLog.ReminderFailed(logger, ex, RoomName);
        }
    }
}
