using System.Net.WebSockets;
using System.Text.Json;
using MeshCall.Client;

namespace MeshCall.Cluster.Tests;

/// <summary>
/// What a moderator set (the room locked) and what members said of themselves (attributes) is stored with the room:
/// when its silo is killed (kill -9), the room comes back on the other silo still locked, with every member's role
/// and attributes, and its moderator still moderates it.
/// </summary>
[Collection(IntegrationClusterCollection.Name)]
public sealed class RoomSettingsAfterSiloLossTests(IntegrationClusterFixture cluster)
{
    private const string Presenting = """{"presenting":true}""";
    private const string Hand = """{"hand":true,"muted":false}""";
    private const string Muted = """{"muted":true}""";

    /// <summary>Death declared in about 5 s, and a call to the dead silo made before that fails after 10 s.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public Task A_locked_room_keeps_its_lock_roles_and_attributes_after_kill_9_of_its_silo_and_its_moderator_can_unlock_it() => cluster.RunAsync(async () =>
    {
        var room = Mesh.NewRoom();
        var mark = $"joined room {room} (";
        cluster.Silos.ToList().ForEach(s => s.Count(mark));
        await using var moderator = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri);
        var bob = await MeshCallClient.ConnectAsync(cluster.Gateway2.WebSocketUri);
        await using var carol = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri);
        var joins = new List<MeshCallClient>();
        try
        {
            // Auth:Mode=None: the room's first member moderates it.
            var joinedModerator = await JoinAsync(moderator, room, "mod");
            Assert.Equal("moderator", joinedModerator.GetProperty("role").GetString());
            var joinedBob = await JoinAsync(bob, room, "bob");
            var joinedCarol = await JoinAsync(carol, room, "carol");
            Assert.Equal("member", joinedBob.GetProperty("role").GetString());
            var (moderatorId, bobId, carolId) = (PeerId(joinedModerator), PeerId(joinedBob), PeerId(joinedCarol));

            await moderator.RequestAsync(Request("room-settings", ("locked", true), ("lobby", false)));
            await moderator.RequestAsync(Request("set-attributes", ("attributes", Json(Presenting))));
            await bob.RequestAsync(Request("set-attributes", ("attributes", Json(Hand))));
            await carol.RequestAsync(Request("set-attributes", ("attributes", Json(Muted))));

            var silo = cluster.Silos.Single(s => s.Counted(mark) > 0);
            silo.Kill();
            try
            {
                // Until the cluster declares the silo dead the room cannot be reached (unavailable); then it is back
                // on the other silo, read from storage, and still locked.
                var refused = await Assert.ThrowsAsync<MeshCallException>(() => JoinRetryingAsync(joins, Request("join", ("room", room), ("name", "late"))));
                Assert.Equal("room-locked", refused.Code);

                // Bob's connection drops; his resume (not a fresh join) is taken, and tells him what the room kept.
                var bobToken = joinedBob.GetProperty("resumeToken").GetString();
                await bob.DisposeAsync();
                var resumed = await JoinRetryingAsync(joins, Request("join", ("room", room), ("resume", bobToken)));
                Assert.Equal(bobId, PeerId(resumed));
                Assert.Equal("member", resumed.GetProperty("role").GetString());
                Assert.Equal("""{"locked":true,"lobby":false}""", resumed.GetProperty("settings").GetRawText());
                AssertPeers(resumed, (moderatorId, "moderator", Presenting), (carolId, "member", Muted));

                // Roles are the room's, not just what it reports: a member still may not unlock it, its moderator may,
                // and the room then takes the newcomer it refused.
                var forbidden = await Assert.ThrowsAsync<MeshCallException>(() => RetryingAsync(carol, Request("room-settings", ("locked", false))));
                Assert.Equal("forbidden", forbidden.Code);
                await RetryingAsync(moderator, Request("room-settings", ("locked", false)));
                var joined = await JoinRetryingAsync(joins, Request("join", ("room", room), ("name", "late")));
                Assert.Equal("member", joined.GetProperty("role").GetString());
                Assert.Equal("""{"locked":false,"lobby":false}""", joined.GetProperty("settings").GetRawText());
                AssertPeers(joined, (moderatorId, "moderator", Presenting), (bobId, "member", Hand), (carolId, "member", Muted));
            }
            finally
            {
                await cluster.ReplaceSiloAsync(silo);
            }
        }
        finally
        {
            await Task.WhenAll(joins.Append(bob).Select(c => c.DisposeAsync().AsTask()));
        }
    });

    /// <summary>
    /// A join as a client makes it while the cluster recovers, through each gateway in turn: <c>unavailable</c> is
    /// tried again on a new connection (one that has not joined within the gateway's join deadline is closed). Any
    /// other error is the answer; the connection that joined is added to <paramref name="joins"/>.
    /// </summary>
    private async Task<JsonElement> JoinRetryingAsync(List<MeshCallClient> joins, Dictionary<string, object?> join)
    {
        var deadline = DateTimeOffset.UtcNow + Settle;
        for (var attempt = 1; ; attempt++)
        {
            var gateway = attempt % 2 == 1 ? cluster.Gateway1 : cluster.Gateway2;
            var client = await MeshCallClient.ConnectAsync(gateway.WebSocketUri);
            try
            {
                var joined = await client.RequestAsync(join);
                joins.Add(client);
                return joined;
            }
            catch (Exception error) when (error is MeshCallException { Code: "unavailable" } or WebSocketException && DateTimeOffset.UtcNow < deadline)
            {
                await client.DisposeAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * attempt, 1000)));
            }
            catch
            {
                await client.DisposeAsync();
                throw;
            }
        }
    }

    private static async Task<JsonElement> JoinAsync(MeshCallClient client, string room, string name) =>
        await client.RequestAsync(Request("join", ("room", room), ("name", name)));

    /// <summary>
    /// As PROTOCOL.md asks of a client: <c>unavailable</c> (the room or session mid-move) is sent again, with backoff,
    /// here until <see cref="Settle"/> has passed. Any other error is the answer.
    /// </summary>
    private static async Task<JsonElement> RetryingAsync(MeshCallClient client, Dictionary<string, object?> request)
    {
        var deadline = DateTimeOffset.UtcNow + Settle;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.RequestAsync(request);
            }
            catch (MeshCallException error) when (error.Code == "unavailable" && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * attempt, 1000)));
            }
        }
    }

    /// <summary><paramref name="joined"/>'s peers are exactly these, each with its role and its attributes as it set them.</summary>
    private static void AssertPeers(JsonElement joined, params (string PeerId, string Role, string Attributes)[] expected)
    {
        var peers = joined.GetProperty("peers").EnumerateArray()
            .Select(p => (PeerId(p), p.GetProperty("role").GetString()!, p.GetProperty("attributes").GetRawText()))
            .OrderBy(p => p.Item1, StringComparer.Ordinal);
        Assert.Equal(expected.OrderBy(p => p.PeerId, StringComparer.Ordinal), peers);
    }

    private static string PeerId(JsonElement message) => message.GetProperty("peerId").GetString()!;

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static Dictionary<string, object?> Request(string op, params (string Name, object? Value)[] fields) =>
        new[] { ("op", (object?)op) }.Concat(fields).ToDictionary(f => f.Item1, f => f.Item2);
}
