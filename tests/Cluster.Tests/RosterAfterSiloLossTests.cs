using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace MeshCall.Cluster.Tests;

/// <summary>
/// A silo is killed (kill -9) while in every room one member leaves and another joins. Roster notifications to
/// sessions on that silo fail, sessions come back elsewhere rebuilt from their room, rooms come back from storage:
/// afterwards every connected client's roster (its joined's peers, then its peer-joined and peer-left events) must
/// be its room's members, and the room's members must be exactly the clients in it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RosterAfterSiloLossTests(ClusterFixture cluster, ITestOutputHelper output) : IDisposable
{
    private const int Rooms = 5;
    private const int Staying = 4;

    /// <summary>
    /// Death declared in about 5 s, calls to the dead silo time out in 10 s, and a join whose answer was lost leaves
    /// a session that times out of its room after 3 missed heartbeats and the 8 s resume window.
    /// </summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public Task After_a_silo_is_killed_while_members_leave_and_join_every_client_knows_exactly_its_rooms_members() => cluster.RunAsync(async () =>
    {
        var rooms = Enumerable.Range(0, Rooms).Select(_ => Mesh.NewRoom()).ToList();
        var marks = rooms.Select(r => $"joined room {r} (").ToList();
        cluster.Silos.ToList().ForEach(s => marks.ForEach(s.Count));
        var members = new List<RosterView>();
        var leaving = new List<RosterView>();
        var joining = new List<Task<RosterView>>();
        try
        {
            foreach (var room in rooms)
            {
                for (var i = 0; i <= Staying; i++)
                {
                    var view = await RosterView.JoinAsync(Gateway(i).WebSocketUri, room, $"m{i}");
                    (i == Staying ? leaving : members).Add(view);
                }
            }

            // The silo holding the fewest of these rooms (each room logs its joins where it lives): the others take the
            // leaves and joins at once, while notifications to the sessions on the dead silo fail.
            var silo = cluster.Silos.MinBy(s => marks.Count(m => s.Counted(m) > 0))!;
            var survivors = cluster.Silos.Where(s => s != silo).ToList();
            survivors.ForEach(s => s.Count("restored in room"));
            survivors.ForEach(s => s.Count("missed roster changes"));
            silo.Kill();
            try
            {
                joining.AddRange(rooms.Select((room, r) => RosterView.JoinAsync(Gateway(r).WebSocketUri, room, "late")));
                await Task.WhenAll(leaving.Select(v => v.LeaveAsync())).WaitAsync(Settle);
                members.AddRange(await Task.WhenAll(joining).WaitAsync(Settle));

                await WaitUntilRostersAgreeAsync(members);

                Assert.All(members, m => Assert.False(m.Closed, $"{m.PeerId} lost its connection"));
                output.WriteLine($"sessions restored: {survivors.Sum(s => s.Counted("restored in room"))}; "
                    + $"sessions that caught up on missed roster changes: {survivors.Sum(s => s.Counted("missed roster changes"))}");
                Assert.True(survivors.Sum(s => s.Counted("restored in room")) > 0, "no session lived on the killed silo, so nothing was tested");
            }
            finally
            {
                await cluster.ReplaceSiloAsync(silo);
            }
        }
        finally
        {
            var late = joining.Where(j => j.IsCompletedSuccessfully).Select(j => j.Result).Except(members);
            await Task.WhenAll(members.Concat(leaving).Concat(late).Select(v => v.DisposeAsync().AsTask()));
        }
    });

    public void Dispose() => _http.Dispose();

    private ServiceProcess Gateway(int member) => member % 2 == 0 ? cluster.Gateway1 : cluster.Gateway2;

    /// <summary>Waits, woken by each roster event, until every room and every client agree; fails with what differs.</summary>
    private async Task WaitUntilRostersAgreeAsync(IReadOnlyList<RosterView> members)
    {
        var deadline = DateTimeOffset.UtcNow + Settle;
        while (true)
        {
            var changed = Task.WhenAny(members.Select(m => m.Changed));
            var differences = await DifferencesAsync(members);
            if (differences.Count == 0)
            {
                return;
            }

            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail($"after {Settle}: {string.Join("; ", differences)}");
            }

            // The rooms' side changes without a client event too (a member timing out does not, but is then seen by all).
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(1) < left ? TimeSpan.FromSeconds(1) : left));
        }
    }

    private async Task<List<string>> DifferencesAsync(IReadOnlyList<RosterView> members)
    {
        var differences = new List<string>();
        foreach (var room in members.GroupBy(m => m.Room))
        {
            if (await MembersAsync(room.Key) is not { } inRoom)
            {
                differences.Add($"room {room.Key} could not be read");
                continue;
            }

            var clients = room.Select(m => m.PeerId).ToHashSet();
            if (!inRoom.SetEquals(clients))
            {
                differences.Add($"room {room.Key} lists {Describe(inRoom.Except(clients))} that no client is, and lacks {Describe(clients.Except(inRoom))}");
            }

            foreach (var member in room)
            {
                var expected = inRoom.Where(p => p != member.PeerId).ToHashSet();
                var known = member.Peers;
                if (!known.SetEquals(expected))
                {
                    differences.Add($"{member.PeerId} in {room.Key} still knows {Describe(known.Except(expected))} and was never told of {Describe(expected.Except(known))}");
                }
            }
        }

        return differences;
    }

    /// <summary>The room's members as the cluster has them (the admin API reads the room grain); null if it could not say.</summary>
    private async Task<HashSet<string>?> MembersAsync(string room)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.Gateway1.HttpUri, $"admin/rooms/{room}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ClusterFixture.AdminKey);
        try
        {
            using var response = await _http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return [];
            }

            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var detail = await response.Content.ReadFromJsonAsync<JsonElement>();
            return [.. detail.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("peerId").GetString()!)];
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // A room on the dead silo, asked before the cluster declared it dead: ask again.
            return null;
        }
    }

    private static string Describe(IEnumerable<string> peers) => $"[{string.Join(", ", peers)}]";
}
