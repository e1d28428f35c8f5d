using System.Runtime.InteropServices;
using System.Text.Json;

namespace MeshCall.Gateway.Protocol;

/// <summary>
/// One client request, from a <c>/ws</c> frame or a hub method's argument. Fields are read once; <c>data</c>
/// is kept as the sender's raw UTF-8 JSON and never materialised as objects.
/// </summary>
public sealed partial class ClientRequest
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    private const long MaxSafeInteger = (1L << 53) - 1;

    // A mesh holds at most Rooms:MaxPeers - 1 others; more entries than this is not a report worth reading.
    private const int MaxReportedPeers = 64;

    private ClientRequest(string op) => Op = op;

    public string Op { get; }

    /// <summary>The raw JSON of the client's <c>id</c> (a string or a number), echoed in the reply.</summary>
    public byte[]? Id { get; private set; }

    public string? Room { get; private set; }

    public string? Name { get; private set; }

    public string? Token { get; private set; }

    public string? Resume { get; private set; }

    public string? To { get; private set; }

    public string? Type { get; private set; }

    public byte[]? Data { get; private set; }

    public bool HasPeers { get; private set; }

    /// <summary>The readable entries of a <c>stats</c> report.</summary>
    public IReadOnlyList<PeerReport> Peers { get; private set; } = [];

    /// <summary>A signal's number, from its sender (an addition to PROTOCOL.md): a retry of one delivered is not delivered again.</summary>
    public long MsgId { get; private set; }

    /// <summary>With <c>resume</c>: the <c>seq</c> of the last event the client got (an addition to PROTOCOL.md).</summary>
    public long? LastSeq { get; private set; }

    /// <summary>An <c>ack</c>'s <c>seq</c>: the last event the client has handled (an addition to PROTOCOL.md).</summary>
    public long? Seq { get; private set; }

    /// <summary>Why the request is bad, found while reading it; thrown when it is handled, so its id is still echoed.</summary>
    public ProtocolException? Problem { get; private set; }

    /// <summary>Reads a request object. <paramref name="op"/> is given by a hub method; a <c>/ws</c> frame names its own.</summary>
    public static ClientRequest Parse(ReadOnlyMemory<byte> utf8, int maxDataBytes, string? op = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException)
        {
            return Invalid(op, "not a JSON object");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid(op, "not a JSON object");
            }

            if (op is null)
            {
                if (!root.TryGetProperty("op", out var opElement) || opElement.ValueKind != JsonValueKind.String
                    || !JsonText.TryGetString(opElement, out op))
                {
                    var bad = Invalid(string.Empty, "missing op");
                    bad.Id = ReadId(root, bad);
                    return bad;
                }
            }

            var request = new ClientRequest(op);
            request.Id = ReadId(root, request);
            request.Room = request.ReadString(root, "room");
            request.Name = request.ReadString(root, "name");
            request.Token = request.ReadString(root, "token");
            request.Resume = request.ReadString(root, "resume");
            request.To = request.ReadString(root, "to");
            request.Type = request.ReadString(root, "type");
            request.ReadData(root, maxDataBytes);
            request.ReadPeers(root);
            request.MsgId = request.ReadCount(root, "msgId") ?? 0;
            request.LastSeq = request.ReadCount(root, "lastSeq");
            request.Seq = request.ReadCount(root, "seq");
            request.ReadMemberFields(root);
            return request;
        }
    }

    private static ClientRequest Invalid(string? op, string message) =>
        new(op ?? string.Empty) { Problem = new ProtocolException(ErrorCodes.InvalidMessage, message) };

    private static byte[]? ReadId(JsonElement root, ClientRequest request)
    {
        if (!root.TryGetProperty("id", out var id) || id.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (id.ValueKind is JsonValueKind.String or JsonValueKind.Number && id.GetRawText().Length <= 128)
        {
            return JsonMarshal.GetRawUtf8Value(id).ToArray();
        }

        request.Problem ??= new ProtocolException(ErrorCodes.InvalidMessage, "id must be a string or a number");
        return null;
    }

    private string? ReadString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Problem ??= new ProtocolException(ErrorCodes.InvalidMessage, $"{name} must be a string");
        }
        else if (JsonText.TryGetString(value, out var text))
        {
            return text;
        }
        else
        {
            Problem ??= new ProtocolException(ErrorCodes.InvalidMessage, $"{name} is not valid Unicode (a lone surrogate)");
        }

        return null;
    }

    /// <summary>A whole number from 0 up that JavaScript holds exactly.</summary>
    private long? ReadCount(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count is >= 0 and <= MaxSafeInteger)
        {
            return count;
        }

        Problem ??= new ProtocolException(ErrorCodes.InvalidMessage, $"{name} must be a whole number from 0 to 2^53-1");
        return null;
    }

    private void ReadData(JsonElement root, int maxDataBytes)
    {
        if (!root.TryGetProperty("data", out var data))
        {
            return;
        }

        var raw = JsonMarshal.GetRawUtf8Value(data);
        if (raw.Length > maxDataBytes)
        {
            Problem ??= new ProtocolException(ErrorCodes.TooLarge, $"data is over {maxDataBytes} bytes");
            return;
        }

        Data = raw.ToArray();
    }

    private void ReadPeers(JsonElement root)
    {
        if (!root.TryGetProperty("peers", out var peers))
        {
            return;
        }

        HasPeers = peers.ValueKind == JsonValueKind.Array;
        if (!HasPeers)
        {
            Problem ??= new ProtocolException(ErrorCodes.InvalidMessage, "peers must be an array");
            return;
        }

        // A report is telemetry: entries it cannot read are skipped, not refused.
        Peers = [.. peers.EnumerateArray().Take(MaxReportedPeers).Select(PeerReport.From).OfType<PeerReport>()];
    }
}
