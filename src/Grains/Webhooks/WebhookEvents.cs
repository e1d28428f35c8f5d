using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Webhooks;

/// <summary>Renders the events PROTOCOL.md lists ("Webhooks"): <c>{"type","timestamp","data"}</c>.</summary>
public sealed class WebhookEvents(ImmutableArray<string> urls, TimeProvider time)
{
    public PendingWebhook RoomStarted(string room) => Render("room.started", data => data.WriteString("room", room));

    public PendingWebhook RoomFinished(string room) => Render("room.finished", data => data.WriteString("room", room));

    public PendingWebhook PeerJoined(string room, RoomMember member) => Render("peer.joined", data => WriteJoined(data, room, member));

    public PendingWebhook PeerLeft(string room, PeerId peer, LeaveReason reason) => Render("peer.left", data =>
    {
        data.WriteString("room", room);
        data.WriteString("peerId", peer.Value);
        data.WriteString("reason", ProtocolNames.Of(reason));
    });

    /// <summary>What a receiver learns of a member: <c>sub</c> (the grant's subject) only when it joined with a grant.</summary>
    internal static void WriteJoined(Utf8JsonWriter data, string room, RoomMember member)
    {
        data.WriteString("room", room);
        data.WriteString("peerId", member.PeerId.Value);
        data.WriteString("name", member.Name);
        if (member.Subject is { } subject)
        {
            data.WriteString("sub", subject);
        }

        data.WriteString("role", ProtocolNames.Of(member.Role));
    }

    private PendingWebhook Render(string type, Action<Utf8JsonWriter> writeData)
    {
        var now = time.GetUtcNow();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WriteString("timestamp", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WritePropertyName("data");
            json.WriteStartObject();
            writeData(json);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        // Unique per event and kept for every retry: receivers deduplicate on it.
        var id = "msg_" + Guid.CreateVersion7(now).ToString("N");
        return new PendingWebhook(id, Encoding.UTF8.GetString(buffer.WrittenSpan), now, urls);
    }
}
