using System.Runtime.InteropServices;
using System.Text.Json;

namespace MeshCall.Gateway.Protocol;

/// <summary>One entry of a <c>stats</c> report: a client's view of its connection to one peer.</summary>
public sealed record PeerReport(string PeerId, string State, double? ConnectMs, long Glare, long IceRestarts)
{
    // Peer ids are 22 characters and states short words: an entry with anything longer is not worth reading.
    private const int MaxIdLength = 64;

    public static PeerReport? From(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("peerId", out var peer) || peer.ValueKind != JsonValueKind.String
            || JsonMarshal.GetRawUtf8Value(peer).Length > MaxIdLength
            || !entry.TryGetProperty("state", out var state) || state.ValueKind != JsonValueKind.String || JsonMarshal.GetRawUtf8Value(state).Length > MaxIdLength)
        {
            return null;
        }

        if (!JsonText.TryGetString(peer, out var peerId) || !JsonText.TryGetString(state, out var stateName))
        {
            return null;
        }

        return new PeerReport(peerId, stateName, Number(entry, "connectMs"), (long)(Number(entry, "glare") ?? 0), (long)(Number(entry, "iceRestarts") ?? 0));
    }

    private static double? Number(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= 0 && double.IsFinite(number)
            ? number
            : null;
}
