using System.Text.Json;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Gateway.Protocol;

/// <summary>Members as clients see them (role, attributes), the events about members and their room, and each event's hub method.</summary>
public static partial class ServerMessageWriter
{
    /// <summary>The hub client method an event is sent to.</summary>
    public static string HubMethod(NumberedEvent delivery) => delivery.Event switch
    {
        EventsDroppedEvent => "Error",
        PeerJoinedEvent => "PeerJoined",
        PeerLeftEvent => "PeerLeft",
        PeerStateEvent => "PeerState",
        SignalEvent => "Signal",
        BroadcastEvent => "Broadcast",
        RoleChangedEvent => "RoleChanged",
        RoomUpdatedEvent => "RoomUpdated",
        ModerationEvent => "Moderation",
        PeerUpdatedEvent => "PeerUpdated",
        KnockEvent => "Knock",
        KnockWithdrawnEvent => "KnockWithdrawn",
        _ => "Closed",
    };

    private static void WriteMemberEvent(Utf8JsonWriter w, PeerEvent evt, bool withOp)
    {
        switch (evt)
        {
            case RoleChangedEvent e:
                Op(w, "role-changed", withOp);
                w.WriteString("peerId", e.PeerId.Value);
                w.WriteString("role", ProtocolNames.Of(e.Role));
                break;
            case RoomUpdatedEvent e:
                Op(w, "room-updated", withOp);
                WriteSettings(w, e.Settings);
                w.WriteString("by", e.By.Value);
                break;
            case PeerUpdatedEvent e:
                Op(w, "peer-updated", withOp);
                w.WriteString("peerId", e.PeerId.Value);
                WriteAttributes(w, e.Attributes);
                break;
            case KnockEvent e:
                Op(w, "knock", withOp);
                w.WriteString("lobbyId", e.Knock.LobbyId);
                w.WriteString("name", e.Knock.Name);
                break;
            case KnockWithdrawnEvent e:
                Op(w, "knock-withdrawn", withOp);
                w.WriteString("lobbyId", e.LobbyId);
                break;
            case ModerationEvent e:
                Op(w, "moderation", withOp);
                w.WriteString("action", ProtocolNames.Of(e.Action));
                w.WriteString("by", e.By.Value);
                break;
        }
    }

    private static void WritePeer(Utf8JsonWriter w, PeerId self, PeerId peer, string name, MemberRole role, byte[]? attributes)
    {
        w.WriteString("peerId", peer.Value);
        w.WriteString("name", name);
        w.WriteBoolean("polite", self.IsPoliteToward(peer));
        w.WriteString("role", ProtocolNames.Of(role));
        WriteAttributes(w, attributes);
    }

    /// <summary>A member's attributes as it sent them (checked then to be one JSON object), or <c>{}</c> when it has none.</summary>
    private static void WriteAttributes(Utf8JsonWriter w, byte[]? attributes)
    {
        w.WritePropertyName("attributes");
        if (attributes is null)
        {
            w.WriteStartObject();
            w.WriteEndObject();
        }
        else
        {
            w.WriteRawValue(attributes, skipInputValidation: true);
        }
    }

    private static void WriteSettings(Utf8JsonWriter w, RoomSettings settings)
    {
        w.WriteStartObject("settings");
        w.WriteBoolean("locked", settings.Locked);
        w.WriteBoolean("lobby", settings.Lobby);
        w.WriteEndObject();
    }
}
