using MeshCall.Client;

namespace MeshCall.Gateway.Tests.DotNetClient;

/// <summary>
/// A client used only through its typed events never reads <see cref="MeshCallClient.Events"/>: what waits there
/// unread stays within its capacity (the oldest dropped and counted), while the typed events see every message.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class EventCapacityTests(EmbeddedGateway gateway)
{
    [Fact]
    public async Task A_client_that_only_uses_typed_events_holds_at_most_the_default_capacity_unread()
    {
        const int senders = 3;
        const int perSender = 370; // within each connection's request burst, so none is rate-limited
        var room = NewRoom();
        await using var listener = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await listener.JoinAsync(room, "listener");
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var heard = 0;
        listener.BroadcastReceived += _ =>
        {
            if (Interlocked.Increment(ref heard) == senders * perSender)
            {
                all.SetResult();
            }
        };

        var clients = new List<MeshCallClient>();
        try
        {
            for (var s = 0; s < senders; s++)
            {
                var sender = await MeshCallClient.ConnectAsync(gateway.WebSocket);
                clients.Add(sender);
                await sender.JoinAsync(room, $"sender {s}");
            }

            await Task.WhenAll(clients.Select(async sender =>
            {
                for (var n = 0; n < perSender; n++)
                {
                    await sender.BroadcastAsync(n.ToString());
                }
            }));
            await all.Task.WaitAsync(Wait.Timeout);

            // peer-joined for each sender, then every broadcast: all of them pushed, only the newest kept.
            const int pushed = senders + senders * perSender;
            Assert.Equal(MeshCallClientOptions.DefaultEventCapacity, listener.Events.Count);
            Assert.Equal(pushed - MeshCallClientOptions.DefaultEventCapacity, listener.DroppedEvents);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task When_full_the_oldest_unread_message_gives_way_to_the_newest()
    {
        var room = NewRoom();
        await using var listener = await MeshCallClient.ConnectAsync(gateway.WebSocket, new MeshCallClientOptions { EventCapacity = 4 });
        await using var sender = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await listener.JoinAsync(room, "listener");
        await sender.JoinAsync(room, "sender");
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.BroadcastReceived += message =>
        {
            if (message.Data.GetInt32() == 9)
            {
                last.SetResult();
            }
        };

        for (var n = 0; n < 10; n++)
        {
            await sender.BroadcastAsync(n.ToString());
        }

        await last.Task.WaitAsync(Wait.Timeout);
        Assert.Equal(1 + 10 - 4, listener.DroppedEvents); // peer-joined and broadcasts 0 to 5
        var kept = new List<int>();
        while (listener.Events.TryRead(out var next))
        {
            kept.Add(next.Body.GetProperty("data").GetInt32());
        }

        Assert.Equal([6, 7, 8, 9], kept);
    }

    private static string NewRoom() => "capacity-" + Guid.NewGuid().ToString("N");
}
