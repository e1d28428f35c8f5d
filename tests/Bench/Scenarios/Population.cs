using System.Collections.Concurrent;
using System.Diagnostics;
using MeshCall.Bench.Adapters;
using MeshCall.Bench.Targets;

namespace MeshCall.Bench.Scenarios;

/// <summary>A client that joined (its index unique in the run, which the ledgers key on): which room, its place in it (which gateway it used), and what the join returned.</summary>
public sealed record Member(BenchClient Client, int Room, int Place, Joined Joined);

/// <summary>
/// Clients joined into rooms at a fixed rate (open loop: the schedule does not wait for slow joins). In a cluster
/// the members of a room alternate between gateways, so every signal to a member of the other parity crosses them.
/// </summary>
public sealed class Population : IAsyncDisposable
{
    private readonly ConcurrentBag<BenchClient> _clients = [];

    public List<Member> Members { get; } = [];

    public int Failed { get; private set; }

    public List<string> Failures { get; } = [];

    /// <summary>A run whose clients could not all join measures nothing: stop it, with the servers' last words.</summary>
    public void ThrowIfFailed(ServerUnderTest server)
    {
        if (Failed > 0)
        {
            throw new InvalidOperationException(
                $"{Failed} clients did not join: {string.Join("; ", Failures)}{Environment.NewLine}{server.Describe()}");
        }
    }

    public static async Task<Population> JoinAsync(Target target, ServerUnderTest server, IReadOnlyList<int> roomSizes, double joinsPerSecond,
        int sources, IClientEvents events, string roomPrefix, CancellationToken cancellationToken, int firstIndex = 0, bool acks = true)
    {
        var population = new Population();
        var joins = new List<Task<Member?>>();
        var started = Stopwatch.GetTimestamp();
        var index = firstIndex;
        for (var room = 0; room < roomSizes.Count; room++)
        {
            for (var place = 0; place < roomSizes[room]; place++, index++)
            {
                var due = TimeSpan.FromSeconds((index - firstIndex) / joinsPerSecond) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(due, cancellationToken);
                }

                var client = target.NewClient(index, events);
                client.Acks = acks;
                population._clients.Add(client);
                var endpoint = server.Endpoints[place % server.Endpoints.Count];
                joins.Add(JoinOneAsync(client, endpoint, $"{roomPrefix}-{room}", room, place, Connector.Source(index, sources), cancellationToken, population));
            }
        }

        foreach (var member in await Task.WhenAll(joins))
        {
            if (member is not null)
            {
                population.Members.Add(member);
            }
        }

        return population;
    }

    public async ValueTask DisposeAsync()
    {
        // Closed in batches: thousands of closes at once would measure nothing and flood the servers' logs.
        foreach (var batch in _clients.Chunk(500))
        {
            await Task.WhenAll(batch.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static async Task<Member?> JoinOneAsync(BenchClient client, Uri endpoint, string room, int roomIndex, int place, System.Net.IPAddress source,
        CancellationToken cancellationToken, Population population)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var joined = await client.JoinAsync(endpoint, room, source, timeout.Token);
            return new Member(client, roomIndex, place, joined);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            lock (population.Failures)
            {
                population.Failed++;
                if (population.Failures.Count < 5)
                {
                    population.Failures.Add($"{room}: {ex.GetType().Name}: {ex.Message}");
                }
            }

            return null;
        }
    }
}
