using System.Collections.Concurrent;
using System.Diagnostics;
using MeshCall.Bench.Adapters;
using MeshCall.Bench.Measure;
using MeshCall.Bench.Targets;

namespace MeshCall.Bench.Scenarios;

/// <summary>
/// <c>slow-consumer</c>: one room of four. Three members broadcast 60 KiB messages to the room in turn, at a fixed
/// rate for a fixed count, while the fourth, on a socket with a small fixed receive buffer, stops reading. The
/// server's memory growth is read against a baseline pass on a fresh server in which the fourth member reads: what
/// the same traffic costs anyway. Then the fourth reads again: what it gets, and how its connection ends. Meanwhile,
/// did the three others get every broadcast of each other, and how late?
/// </summary>
/// <remarks>
/// MeshCall's targets use its <c>broadcast</c>; PeerJS and the plain hub have none, so their members send the same
/// message to each room mate.
/// </remarks>
public sealed class SlowConsumerScenario : IClientEvents
{
    private const int Senders = 3;
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ReadAgainLimit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, PairLedger> _ledgers = new();
    private readonly SignalTally _tally = new();
    private BenchClient? _fourth;
    private long _sent;
    private long _fourthGot;
    private long _startedAt;
    private long _droppedAt;
    private long _sentBeforeDrop;

    public static async Task<SlowConsumerResult> RunAsync(Target target, BenchOptions options, CancellationToken cancellationToken)
    {
        var reading = await new SlowConsumerScenario().RunPassAsync(target, options, stall: false, cancellationToken);
        var stalled = await new SlowConsumerScenario().RunPassAsync(target, options, stall: true, cancellationToken);
        Console.WriteLine($"  {target.Name} slow-consumer: RSS growth {Mib(reading.PeakGrowth)} reading, {Mib(stalled.PeakGrowth)} not; " +
            $"dropped {(double.IsNaN(stalled.DroppedAfterMs) ? "never" : $"after {stalled.DroppedAfterMs:F0} ms")}; then it got {stalled.FourthGot} broadcasts, {stalled.Ending}; " +
            $"the others missed {stalled.Delivery.Lost} meanwhile");
        return new SlowConsumerResult(target.Name, options.SlowBroadcasts, options.SlowPayloadBytes, options.SlowRate, reading, stalled);
    }

    public void OnSignal(BenchClient receiver, Stamp stamp)
    {
        if (receiver == _fourth)
        {
            Interlocked.Increment(ref _fourthGot);
            return;
        }

        _tally.Take(stamp, _ledgers.GetOrAdd(receiver.Index, _ => new PairLedger()).Take(stamp.Sender, stamp.Seq));
    }

    public void OnPeerJoined(BenchClient receiver, string peerId)
    {
    }

    public void OnError(BenchClient receiver, string code) => _tally.CountError();

    public void OnPeerDropped(BenchClient receiver, string peerId)
    {
        if (peerId == _fourth?.PeerId && Interlocked.CompareExchange(ref _droppedAt, Stopwatch.GetTimestamp(), 0) == 0)
        {
            Interlocked.Exchange(ref _sentBeforeDrop, Interlocked.Read(ref _sent));
        }
    }

    private async Task<SlowConsumerPass> RunPassAsync(Target target, BenchOptions options, bool stall, CancellationToken cancellationToken)
    {
        await using var server = await target.StartAsync();
        await Warmup.RunAsync(target, server, options, cancellationToken);
        await using var senders = await Population.JoinAsync(target, server, [Senders], options.JoinRate, options.Sources, this, "slow", cancellationToken);
        senders.ThrowIfFailed(server);

        // The fourth joins last (so it has had every roster event) on the same small buffer in both passes.
        var gate = new ReadGate();
        await using var fourth = target.NewClient(Senders, this);
        fourth.Gate = gate;
        _fourth = fourth;
        var joined = await fourth.JoinAsync(server.Endpoints[Senders % server.Endpoints.Count], "slow-0", Connector.Source(Senders, options.Sources), cancellationToken);
        if (stall)
        {
            gate.Hold();
        }

        await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds), cancellationToken);
        var before = server.RssByRole();
        long peak;
        Dictionary<string, long> peakByRole, end;
        var client = CpuWindow.OfThisProcess();
        var serverCpu = new CpuWindow(server.Pids);
        Cpu cpu;
        await using (var rss = new RssPeak(server.RssByRole))
        {
            await BroadcastAsync([.. senders.Members.OrderBy(m => m.Place)], joined.PeerId, options, cancellationToken);
            cpu = new Cpu(client.Percent(), serverCpu.Percent());
            await _tally.DrainAsync(Quiet, cancellationToken);
            end = Growth(server.RssByRole(), before);
            peak = rss.Total - before.Values.Sum();
            peakByRole = Growth(rss.ByRole, before);
        }

        // Taken before the fourth reads again: what reaches the others only then was held back by it.
        var delivery = _tally.ToDelivery();
        var latency = Percentiles.Of(_tally.Latency);
        gate.Release();
        await ReadAgainAsync(gate, options.SlowBroadcasts, cancellationToken);
        var droppedAt = Interlocked.Read(ref _droppedAt);
        return new SlowConsumerPass(peak, peakByRole, end, droppedAt == 0 ? double.NaN : Stopwatch.GetElapsedTime(_startedAt, droppedAt).TotalMilliseconds,
            Interlocked.Read(ref _sentBeforeDrop), Interlocked.Read(ref _fourthGot), gate.BytesRead, gate.Ending ?? "open", delivery, latency, cpu);
    }

    /// <summary>Open loop, as the other scenarios send: the senders take turns at the fixed rate, whatever the server does.</summary>
    private async Task BroadcastAsync(Member[] members, string fourth, BenchOptions options, CancellationToken cancellationToken)
    {
        var mates = members.ToDictionary(m => m, m => (IReadOnlyList<string>)[.. members.Where(o => o != m).Select(o => o.Joined.PeerId), fourth]);
        var seq = new long[members.Length];
        _startedAt = Stopwatch.GetTimestamp();
        for (var n = 0; n < options.SlowBroadcasts;)
        {
            var due = Math.Min(options.SlowBroadcasts, (long)(Stopwatch.GetElapsedTime(_startedAt).TotalSeconds * options.SlowRate) + 1);
            for (; n < due; n++)
            {
                var sender = members[n % members.Length];
                var stamp = new Stamp(sender.Client.Index, ++seq[n % members.Length], Stopwatch.GetTimestamp(), 1, SignalKind.Candidate);
                for (var reader = 1; reader < members.Length; reader++)
                {
                    _tally.CountSent();
                }

                sender.Client.Broadcast(mates[sender], stamp.ToJson(options.SlowPayloadBytes));
                Interlocked.Increment(ref _sent);
            }

            await Task.Delay(1, cancellationToken);
        }
    }

    /// <summary>The fourth member reads until its connection ends, it has every broadcast, or nothing comes for a while.</summary>
    private async Task ReadAgainAsync(ReadGate gate, int broadcasts, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (bytes, since) = (gate.BytesRead, Stopwatch.GetTimestamp());
        while (gate.Ending is null && Interlocked.Read(ref _fourthGot) < broadcasts
            && Stopwatch.GetElapsedTime(since) < Quiet && Stopwatch.GetElapsedTime(started) < ReadAgainLimit)
        {
            await Task.Delay(20, cancellationToken);
            if (gate.BytesRead != bytes)
            {
                (bytes, since) = (gate.BytesRead, Stopwatch.GetTimestamp());
            }
        }
    }

    private static Dictionary<string, long> Growth(Dictionary<string, long> after, Dictionary<string, long> before) =>
        after.ToDictionary(r => r.Key, r => r.Value - before.GetValueOrDefault(r.Key));

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):F0} MiB";
}
