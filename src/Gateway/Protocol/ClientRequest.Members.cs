using System.Runtime.InteropServices;
using System.Text.Json;

namespace MeshCall.Gateway.Protocol;

/// <summary>The fields of the requests about members and their room: moderation, room settings, attributes.</summary>
public sealed partial class ClientRequest
{
    /// <summary>The most a member's attributes may be, as sent: they are in every member's copy of the roster.</summary>
    public const int MaxAttributesBytes = 1024;

    /// <summary>A <c>kick</c>'s or <c>moderate</c>'s peer, as the client wrote it.</summary>
    public string? PeerId { get; private set; }

    /// <summary>An <c>admit</c>'s or <c>deny</c>'s lobby entry, as the client wrote it.</summary>
    public string? LobbyId { get; private set; }

    /// <summary>A <c>moderate</c>'s action, as the client wrote it.</summary>
    public string? Action { get; private set; }

    /// <summary>A <c>room-settings</c>' <c>locked</c>, when it names it.</summary>
    public bool? Locked { get; private set; }

    /// <summary>A <c>room-settings</c>' <c>lobby</c>, when it names it.</summary>
    public bool? Lobby { get; private set; }

    /// <summary>Whether a <c>set-attributes</c> carries a readable object in <c>attributes</c>.</summary>
    public bool HasAttributes { get; private set; }

    /// <summary>That object's raw UTF-8 JSON, kept as sent; null when it is empty (every member without any shares that).</summary>
    public byte[]? Attributes { get; private set; }

    private void ReadMemberFields(JsonElement root)
    {
        ReadAttributes(root);
        PeerId = ReadString(root, "peerId");
        Action = ReadString(root, "action");
        LobbyId = ReadString(root, "lobbyId");
        Locked = ReadBool(root, "locked");
        Lobby = ReadBool(root, "lobby");
    }

    private void ReadAttributes(JsonElement root)
    {
        if (!root.TryGetProperty("attributes", out var attributes))
        {
            return;
        }

        if (attributes.ValueKind != JsonValueKind.Object)
        {
            Problem ??= new ProtocolException(ErrorCodes.InvalidMessage, "attributes must be a JSON object");
            return;
        }

        var raw = JsonMarshal.GetRawUtf8Value(attributes);
        if (raw.Length > MaxAttributesBytes)
        {
            Problem ??= new ProtocolException(ErrorCodes.TooLarge, $"attributes are over {MaxAttributesBytes} bytes");
            return;
        }

        HasAttributes = true;
        Attributes = attributes.EnumerateObject().Any() ? raw.ToArray() : null;
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
