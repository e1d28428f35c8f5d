using System.Collections.Concurrent;
using System.Diagnostics;
using MeshCall.Bench.Adapters;
using MeshCall.Bench.Measure;
using MeshCall.Bench.Targets;

namespace MeshCall.Bench.Scenarios;

/// <summary>
/// <c>join-storm</c>: clients join rooms of 2–8 (sizes drawn from the seed) at a fixed rate. Join latency runs from
/// the socket being open to <c>joined</c>; roster fan-out from a newcomer's join request to each earlier member's
/// <c>peer-joined</c>. Every member must end up knowing every other exactly once.
/// </summary>
public sealed class JoinStormScenario : IClientEvents
{
    private readonly ConcurrentQueue<(int Receiver, string Peer, long At)> _rosterEvents = new();

    public static Task<JoinStormResult> RunAsync(Target target, BenchOptions options, CancellationToken cancellationToken) =>
        new JoinStormScenario().RunCoreAsync(target, options, cancellationToken);

    public void OnSignal(BenchClient receiver, Stamp stamp)
    {
    }

    public void OnPeerJoined(BenchClient receiver, string peerId) => _rosterEvents.Enqueue((receiver.Index, peerId, Stopwatch.GetTimestamp()));

    public void OnError(BenchClient receiver, string code)
    {
    }

    private async Task<JoinStormResult> RunCoreAsync(Target target, BenchOptions options, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed);
        var sizes = new List<int>();
        for (var left = options.StormClients; left > 0; left -= sizes[^1])
        {
            sizes.Add(Math.Min(left, random.Next(2, 9)));
        }

        await using var server = await target.StartAsync();
        await Warmup.RunAsync(target, server, options, cancellationToken);
        var client = CpuWindow.OfThisProcess();
        var serverCpu = new CpuWindow(server.Pids);
        await using var population = await Population.JoinAsync(target, server, sizes, options.StormRate, options.Sources, this, "storm", cancellationToken);
        var cpu = new Cpu(client.Percent(), serverCpu.Percent());

        var join = new Latency();
        foreach (var member in population.Members)
        {
            join.RecordMicros(Latency.Micros(member.Joined.JoinedAt - member.Joined.OpenedAt));
        }

        Percentiles? fanout = null;
        long missed = 0, duplicates = 0;
        if (target.HasRoster)
        {
            (fanout, missed, duplicates) = await RosterAsync(population, cancellationToken);
        }

        Console.WriteLine($"  {target.Name} join-storm: join p50 {join.Ms(50):F1} p99 {join.Ms(99):F1} ms, fan-out p99 {fanout?.P99:F1} ms, missed {missed}, failed {population.Failed}");
        return new JoinStormResult(target.Name, options.StormClients, sizes.Count, options.StormRate, population.Failed, Percentiles.Of(join), fanout, missed, duplicates, cpu);
    }

    /// <summary>Waits for the roster to settle, then checks it: each member knows each other one once.</summary>
    private async Task<(Percentiles, long, long)> RosterAsync(Population population, CancellationToken cancellationToken)
    {
        long expected = 0;
        foreach (var room in population.Members.GroupBy(m => m.Room))
        {
            var n = room.Count();
            expected += (long)n * (n - 1) - room.Sum(m => m.Joined.Existing.Count);
        }

        var quiet = Stopwatch.GetTimestamp();
        var seen = 0;
        while (_rosterEvents.Count < expected && Stopwatch.GetElapsedTime(quiet) < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20, cancellationToken);
            if (_rosterEvents.Count != seen)
            {
                (seen, quiet) = (_rosterEvents.Count, Stopwatch.GetTimestamp());
            }
        }

        var byPeer = population.Members.ToDictionary(m => m.Joined.PeerId);
        var known = population.Members.ToDictionary(m => m.Client.Index, m => new HashSet<string>(m.Joined.Existing));
        var fanout = new Latency();
        long duplicates = 0;
        foreach (var (receiver, peer, at) in _rosterEvents)
        {
            if (!known.TryGetValue(receiver, out var set) || !set.Add(peer))
            {
                duplicates++;
            }

            if (byPeer.TryGetValue(peer, out var newcomer))
            {
                fanout.RecordMicros(Latency.Micros(at - newcomer.Joined.OpenedAt));
            }
        }

        long missed = 0;
        var rooms = population.Members.GroupBy(m => m.Room).ToDictionary(g => g.Key, g => g.ToArray());
        foreach (var member in population.Members)
        {
            var mates = rooms[member.Room].Where(m => m != member).Select(m => m.Joined.PeerId);
            missed += mates.Count(p => !known[member.Client.Index].Contains(p));
        }

        return (Percentiles.Of(fanout), missed, duplicates);
    }
}
