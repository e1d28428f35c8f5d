using System.Text.Json;
using MeshCall.Gateway.Tests.Abuse;

namespace MeshCall.Gateway.Tests.Members;

/// <summary>What the lobby tests share: a room whose moderator has turned the lobby on, and clients that knock on it.</summary>
internal static class Lobby
{
    /// <summary>
    /// The room's first member (its moderator), then members named in <paramref name="before"/>, join; the moderator
    /// turns the lobby on, and each has taken its <c>room-updated</c>.
    /// </summary>
    public static async Task<Member> OpenAsync(Room room, params string[] before)
    {
        var moderator = await room.JoinAsync("mod");
        foreach (var name in before)
        {
            await room.JoinAsync(name);
        }

        Assert.Equal("ok", await moderator.Probe.CodeAsync("room-settings", """{"lobby":true}"""));
        foreach (var member in room.Members)
        {
            await member.Probe.NextAsync("room-updated");
        }

        return moderator;
    }

    /// <summary>A fresh join that the lobby holds: its reply, which names the lobbyId (and on <c>/ws</c> the join's id).</summary>
    public static async Task<JsonElement> KnockAsync(Probe probe, string room, string name)
    {
        var reply = await probe.RequestAsync("join", JsonSerializer.Serialize(new { room, name }));
        if (probe.Transport == "ws")
        {
            Assert.Equal("lobby", reply.GetProperty("op").GetString());
        }
        else
        {
            Assert.True(reply.GetProperty("lobby").GetBoolean());
        }

        Assert.Equal(22, reply.GetProperty("lobbyId").GetString()!.Length);
        return reply;
    }

    public static string LobbyId(JsonElement reply) => reply.GetProperty("lobbyId").GetString()!;

    /// <summary>The knock a moderator hears next: the lobbyId and name of the one waiting.</summary>
    public static async Task<(string LobbyId, string Name)> NextKnockAsync(Probe moderator)
    {
        var knock = await moderator.NextAsync("knock");
        return (knock.GetProperty("lobbyId").GetString()!, knock.GetProperty("name").GetString()!);
    }

    /// <summary>On <c>/ws</c> the final answer carries the id of the join it answers; a hub's event has none.</summary>
    public static void AssertAnswers(JsonElement answer, JsonElement lobbyReply)
    {
        if (lobbyReply.TryGetProperty("id", out var id))
        {
            Assert.Equal(id.GetString(), answer.GetProperty("id").GetString());
        }
    }
}
