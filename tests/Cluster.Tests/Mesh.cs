using System.Text.Json;

namespace MeshCall.Cluster.Tests;

/// <summary>Small facts about the protocol the tests check against.</summary>
internal static class Mesh
{
    /// <summary>A room no other test (or earlier run against the same silo) uses.</summary>
    public static string NewRoom() => $"room-{Guid.NewGuid():N}";

    /// <summary>PROTOCOL.md: of two peers, the one whose id sorts lower (ordinal) is polite.</summary>
    public static bool IsPolite(string self, string other) => string.CompareOrdinal(self, other) < 0;

    /// <summary>A relayed signal: stamped with the real sender, and the sender's JSON exactly as it was written.</summary>
    public static void AssertSignal(JsonElement signal, string from, string type, string rawData)
    {
        Assert.Equal(from, signal.GetProperty("from").GetString());
        Assert.Equal(type, signal.GetProperty("type").GetString());
        Assert.Equal(rawData, signal.GetProperty("data").GetRawText());
    }
}
