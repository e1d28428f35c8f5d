using System.Text.Json;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Gateway.Security;
using MeshCall.Gateway.Sessions;

namespace MeshCall.Gateway.Protocol;

/// <summary>
/// Writes server messages as PROTOCOL.md spells them. On <c>/ws</c> every object carries its <c>op</c>
/// (and a reply its <c>id</c>); a hub sends the same object without them, the method name saying what it is.
/// </summary>
public static partial class ServerMessageWriter
{
    public static byte[] Serialize(Action<Utf8JsonWriter> write) => FrameBuffers.Serialize(write, static (w, write) => write(w));

    /// <summary>An event, with its <c>seq</c> (an addition to PROTOCOL.md) by which a client resumes.</summary>
    public static void WriteEvent(Utf8JsonWriter w, PeerId self, NumberedEvent delivery, bool withOp)
    {
        w.WriteStartObject();
        switch (delivery.Event)
        {
            case SignalEvent e:
                Op(w, "signal", withOp);
                w.WriteString("from", e.From.Value);
                w.WriteString("type", Wire(e.Type));
                w.WritePropertyName("data");
                w.WriteRawValue(e.Data, skipInputValidation: true);
                break;
            case BroadcastEvent e:
                Op(w, "broadcast", withOp);
                w.WriteString("from", e.From.Value);
                w.WritePropertyName("data");
                w.WriteRawValue(e.Data, skipInputValidation: true);
                break;
            case PeerJoinedEvent e:
                Op(w, "peer-joined", withOp);
                WritePeer(w, self, e.PeerId, e.Name, e.Role, e.Attributes);
                break;
            case PeerLeftEvent e:
                Op(w, "peer-left", withOp);
                w.WriteString("peerId", e.PeerId.Value);
                w.WriteString("reason", ProtocolNames.Of(e.Reason));
                break;
            case PeerStateEvent e:
                Op(w, "peer-state", withOp);
                w.WriteString("peerId", e.PeerId.Value);
                w.WriteString("state", e.State == PresenceState.Connected ? "connected" : "reconnecting");
                break;
            case EventsDroppedEvent e:
                Op(w, "error", withOp);
                w.WriteString("code", ErrorCodes.EventsDropped);
                w.WriteString("message", $"{e.Count} events for you were lost (more than the server keeps)");
                w.WriteNumber("count", e.Count);
                break;
            default:
                WriteMemberEvent(w, delivery.Event, withOp);
                break;
        }

        w.WriteNumber("seq", delivery.Seq);
        w.WriteEndObject();
    }

    public static void WriteClosed(Utf8JsonWriter w, CloseReason reason, bool withOp)
    {
        w.WriteStartObject();
        WriteClosedBody(w, reason, withOp);
        w.WriteEndObject();
    }

    public static void WriteReply(Utf8JsonWriter w, Reply reply, byte[]? id, bool withOp)
    {
        w.WriteStartObject();
        switch (reply)
        {
            case JoinedReply joined:
                Op(w, "joined", withOp);
                Id(w, id);
                WriteJoined(w, joined);
                break;
            case LobbyReply lobby:
                Op(w, "lobby", withOp);
                Id(w, id);

                // On a hub the method's name cannot say it: the reply says so itself.
                if (!withOp)
                {
                    w.WriteBoolean("lobby", true);
                }

                w.WriteString("lobbyId", lobby.LobbyId);
                break;
            case PlainReply plain:
                Op(w, plain.Op, withOp);
                Id(w, id);
                break;
        }

        w.WriteEndObject();
    }

    public static void WriteError(Utf8JsonWriter w, ProtocolException error, byte[]? id)
    {
        w.WriteStartObject();
        w.WriteString("op", "error");
        Id(w, id);
        w.WriteString("code", error.Code);
        w.WriteString("message", error.Message);
        w.WriteEndObject();
    }

    /// <summary>An error sent as a hub event (the join a lobby held was refused): its method says it is one.</summary>
    public static void WriteErrorBody(Utf8JsonWriter w, ProtocolException error)
    {
        w.WriteStartObject();
        w.WriteString("code", error.Code);
        w.WriteString("message", error.Message);
        w.WriteEndObject();
    }

    private static void WriteJoined(Utf8JsonWriter w, JoinedReply joined)
    {
        var session = joined.Session;
        w.WriteString("room", session.Room.Value);
        w.WriteString("peerId", session.PeerId.Value);
        w.WriteString("resumeToken", session.ResumeToken);
        w.WriteStartArray("peers");
        foreach (var member in session.Others)
        {
            w.WriteStartObject();
            WritePeer(w, session.PeerId, member.PeerId, member.Name, member.Role, member.Attributes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("iceServers");
        foreach (var server in joined.IceServers)
        {
            WriteIceServer(w, server);
        }

        w.WriteEndArray();
        w.WriteNumber("maxPeers", session.MaxPeers);
        w.WriteString("role", ProtocolNames.Of(session.Role));
        WriteSettings(w, session.Settings);
    }

    private static void WriteIceServer(Utf8JsonWriter w, IceServer server)
    {
        w.WriteStartObject();
        w.WriteStartArray("urls");
        foreach (var url in server.Urls)
        {
            w.WriteStringValue(url);
        }

        w.WriteEndArray();
        if (server.Username is not null)
        {
            w.WriteString("username", server.Username);
        }

        if (server.Credential is not null)
        {
            w.WriteString("credential", server.Credential);
        }

        w.WriteEndObject();
    }

    private static void WriteClosedBody(Utf8JsonWriter w, CloseReason reason, bool withOp)
    {
        Op(w, "closed", withOp);
        w.WriteString("reason", reason switch
        {
            CloseReason.Kicked => "kicked",
            CloseReason.Replaced => "replaced",
            _ => "shutdown",
        });
    }

    private static void Op(Utf8JsonWriter w, string op, bool withOp)
    {
        if (withOp)
        {
            w.WriteString("op", op);
        }
    }

    private static void Id(Utf8JsonWriter w, byte[]? id)
    {
        if (id is not null)
        {
            w.WritePropertyName("id");
            w.WriteRawValue(id, skipInputValidation: true);
        }
    }

    public static string Wire(SignalType type) => type switch
    {
        SignalType.Offer => "offer",
        SignalType.Answer => "answer",
        SignalType.Candidate => "candidate",
        SignalType.Bye => "bye",
        _ => "custom",
    };
}
