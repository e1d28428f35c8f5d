using System.Collections.Concurrent;
using System.Diagnostics;
using MeshCall.Bench.Adapters;
using MeshCall.Bench.Measure;
using MeshCall.Bench.Targets;

namespace MeshCall.Bench.Scenarios;

/// <summary>
/// <c>retention</c>: what a MeshCall session keeps for a resume once its client has read everything. Clients in rooms
/// of 4; each member sends the same number of signals to each of its 3 room mates, open loop at a fixed total rate
/// (each client far under the request budget), and every client reads all it is sent. In the first pass the clients
/// acknowledge what they read, as MeshCall's own libraries do; in the second, on a fresh server with fresh rooms and
/// clients, they never do, as a client written before acks. After the traffic the silos' gauges are read until they
/// stop falling: kept per session, and the server's resident memory against before the pass.
/// </summary>
/// <remarks>
/// A fresh server per pass: on a shared one the second pass's memory growth is read against the first pass's heap,
/// which the runtime may hand back meanwhile (it came out negative). No warm-up: a client that leaves by closing its
/// socket leaves its session held for the resume window, still keeping what it had not acknowledged, and a warm-up's
/// would be counted with the pass's own. PeerJS and the plain hub keep nothing for a resume and do not run it.
/// </remarks>
public sealed class RetentionScenario : IClientEvents
{
    private const int RoomSize = 4;
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<int, PairLedger> _ledgers = new();
    private readonly SignalTally _tally = new();

    public static async Task<RetentionResult> RunAsync(Target target, BenchOptions options, CancellationToken cancellationToken)
    {
        var acking = await new RetentionScenario().RunPassAsync(target, options, acks: true, cancellationToken);
        var never = await new RetentionScenario().RunPassAsync(target, options, acks: false, cancellationToken);
        Console.WriteLine($"  {target.Name} retention: kept per session {Kept(acking)} acking, {Kept(never)} never acking; " +
            $"RSS growth {Mib(acking.RssGrowth)} / {Mib(never.RssGrowth)}");
        return new RetentionResult(target.Name, options.RetentionClients, options.RetentionSignals, options.RetentionPayloadBytes, options.RetentionRate, acking, never);
    }

    public void OnSignal(BenchClient receiver, Stamp stamp) =>
        _tally.Take(stamp, _ledgers.GetOrAdd(receiver.Index, _ => new PairLedger()).Take(stamp.Sender, stamp.Seq));

    public void OnPeerJoined(BenchClient receiver, string peerId)
    {
    }

    public void OnError(BenchClient receiver, string code) => _tally.CountError();

    private async Task<RetentionPass> RunPassAsync(Target target, BenchOptions options, bool acks, CancellationToken cancellationToken)
    {
        await using var server = await target.StartAsync();
        var before = server.RssByRole();
        var rooms = Enumerable.Repeat(RoomSize, options.RetentionClients / RoomSize).ToArray();
        await using var population = await Population.JoinAsync(target, server, rooms, options.JoinRate, options.Sources, this,
            acks ? "retention-acking" : "retention-never", cancellationToken, acks: acks);
        population.ThrowIfFailed(server);
        await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds), cancellationToken);

        var client = CpuWindow.OfThisProcess();
        var serverCpu = new CpuWindow(server.Pids);
        await SendAsync(population.Members, options, cancellationToken);
        await _tally.DrainAsync(Quiet, cancellationToken);
        var cpu = new Cpu(client.Percent(), serverCpu.Percent());
        var delivery = _tally.ToDelivery();

        var retained = await Retained.SettleAsync(server, cancellationToken);
        var growth = server.RssByRole().ToDictionary(r => r.Key, r => r.Value - before.GetValueOrDefault(r.Key));
        var sessions = population.Members.Count;
        return new RetentionPass(acks, sessions, retained?.Bytes / sessions, retained?.Events / sessions, retained?.SettledAfterMs ?? double.NaN,
            growth.Values.Sum(), growth, delivery, cpu);
    }

    /// <summary>
    /// Open loop: signal n goes from member n mod clients to one of its mates in turn, so every client sends at the
    /// same share of the rate, and each pair's signals are numbered for the ledgers.
    /// </summary>
    private async Task SendAsync(List<Member> members, BenchOptions options, CancellationToken cancellationToken)
    {
        var mates = members.ToDictionary(m => m, m => members.Where(o => o.Room == m.Room && o != m).ToArray());
        var seq = new Dictionary<(int, int), long>();
        var total = (long)members.Count * (RoomSize - 1) * options.RetentionSignals;
        var started = Stopwatch.GetTimestamp();
        for (long n = 0; n < total;)
        {
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * options.RetentionRate) + 1);
            for (; n < due; n++)
            {
                var sender = members[(int)(n % members.Count)];
                var mate = mates[sender][(int)(n / members.Count % (RoomSize - 1))];
                var pair = (sender.Client.Index, mate.Client.Index);
                var stamp = new Stamp(sender.Client.Index, seq[pair] = seq.GetValueOrDefault(pair) + 1, Stopwatch.GetTimestamp(), 1, SignalKind.Candidate);
                _tally.CountSent();
                sender.Client.Send(mate.Joined.PeerId, SignalKind.Candidate, stamp.ToJson(options.RetentionPayloadBytes));
            }

            await Task.Delay(1, cancellationToken);
        }
    }

    private static string Kept(RetentionPass pass) =>
        pass.RetainedBytes is { } bytes ? $"{bytes / 1024:F1} KiB in {pass.RetainedEvents:F1} events" : "n/a";

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):F0} MiB";
}
