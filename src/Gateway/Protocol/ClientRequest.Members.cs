using System.Text.Json;

namespace MeshCall.Gateway.Protocol;

/// <summary>The fields of the requests about members and their room: moderation, room settings, attributes.</summary>
public sealed partial class ClientRequest
{
    /// <summary>A <c>kick</c>'s or <c>moderate</c>'s peer, as the client wrote it.</summary>
    public string? PeerId { get; private set; }

    /// <summary>A <c>moderate</c>'s action, as the client wrote it.</summary>
    public string? Action { get; private set; }

    /// <summary>A <c>room-settings</c>' <c>locked</c>, when it names it.</summary>
    public bool? Locked { get; private set; }

    /// <summary>A <c>room-settings</c>' <c>lobby</c>, when it names it.</summary>
    public bool? Lobby { get; private set; }

    private void ReadMemberFields(JsonElement root)
    {
        PeerId = ReadString(root, "peerId");
        Action = ReadString(root, "action");
        Locked = ReadBool(root, "locked");
        Lobby = ReadBool(root, "lobby");
    }

    private bool? ReadBool(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Problem ??= new ProtocolException(ErrorCodes.InvalidMessage, $"{name} must be true or false");
        return null;
    }
}
