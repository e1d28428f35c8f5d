using System.Collections.Concurrent;
using System.Diagnostics;
using MeshCall.Bench.Adapters;
using MeshCall.Bench.Measure;
using MeshCall.Bench.Targets;

namespace MeshCall.Bench.Scenarios;

/// <summary>
/// <c>mesh</c>: rooms of 6, everyone joined, then every pair negotiates at once as browsers do: the later joiner sends a
/// ~4 KB offer and 8 candidates, the other answers on the offer (~3 KB) and sends its 8. A pair is done when each side
/// has all 9 of the other's; the clock runs from the start signal, just after the last join.
/// </summary>
public sealed class MeshScenario : IClientEvents
{
    private const int Candidates = 8;
    private const int OfferBytes = 4096;
    private const int AnswerBytes = 3072;
    private const int CandidateBytes = 300;

    private readonly ConcurrentDictionary<int, PairLedger> _ledgers = new();
    private readonly ConcurrentDictionary<(int From, int To), int> _received = new();
    private readonly ConcurrentDictionary<(int, int), long> _seq = new();
    private readonly ConcurrentDictionary<(int, int), byte> _done = new();
    private readonly SignalTally _tally = new();
    private readonly Latency _pairs = new();
    private Dictionary<int, Member> _byIndex = [];
    private long _startedAt;
    private int _pairCount;
    private readonly TaskCompletionSource _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static Task<MeshResult> RunAsync(Target target, BenchOptions options, CancellationToken cancellationToken) =>
        new MeshScenario().RunCoreAsync(target, options, cancellationToken);

    public void OnSignal(BenchClient receiver, Stamp stamp)
    {
        var verdict = _ledgers.GetOrAdd(receiver.Index, _ => new PairLedger()).Take(stamp.Sender, stamp.Seq);
        _tally.Take(stamp, verdict);
        if (verdict == Verdict.Duplicate)
        {
            return;
        }

        if (stamp.Kind == SignalKind.Offer)
        {
            SendScript(_byIndex[receiver.Index], _byIndex[stamp.Sender], SignalKind.Answer, AnswerBytes);
        }

        if (_received.AddOrUpdate((stamp.Sender, receiver.Index), 1, (_, n) => n + 1) == Candidates + 1
            && _received.GetValueOrDefault((receiver.Index, stamp.Sender)) == Candidates + 1
            && _done.TryAdd((Math.Min(receiver.Index, stamp.Sender), Math.Max(receiver.Index, stamp.Sender)), 0))
        {
            _pairs.RecordSince(_startedAt);
            if (_done.Count == _pairCount)
            {
                _allDone.TrySetResult();
            }
        }
    }

    public void OnPeerJoined(BenchClient receiver, string peerId)
    {
    }

    public void OnError(BenchClient receiver, string code) => _tally.CountError();

    private async Task<MeshResult> RunCoreAsync(Target target, BenchOptions options, CancellationToken cancellationToken)
    {
        await using var server = await target.StartAsync();
        await Warmup.RunAsync(target, server, options, cancellationToken);
        await using var population = await Population.JoinAsync(target, server, [.. Enumerable.Repeat(6, options.MeshRooms)],
            options.JoinRate, options.Sources, this, "mesh", cancellationToken);
        population.ThrowIfFailed(server);
        _byIndex = population.Members.ToDictionary(m => m.Client.Index);
        var rooms = population.Members.GroupBy(m => m.Room).Select(g => g.OrderBy(m => m.Place).ToArray()).ToArray();
        _pairCount = rooms.Sum(r => r.Length * (r.Length - 1) / 2);

        var client = CpuWindow.OfThisProcess();
        var serverCpu = new CpuWindow(server.Pids);
        _startedAt = Stopwatch.GetTimestamp();
        foreach (var room in rooms)
        {
            for (var later = 1; later < room.Length; later++)
            {
                for (var earlier = 0; earlier < later; earlier++)
                {
                    SendScript(room[later], room[earlier], SignalKind.Offer, OfferBytes);
                }
            }
        }

        await Task.WhenAny(_allDone.Task, Task.Delay(TimeSpan.FromSeconds(options.MeshTimeoutSeconds), cancellationToken));
        var allDone = _allDone.Task.IsCompleted ? Stopwatch.GetElapsedTime(_startedAt).TotalMilliseconds : double.NaN;
        var cpu = new Cpu(client.Percent(), serverCpu.Percent());
        await _tally.DrainAsync(TimeSpan.FromSeconds(1), cancellationToken);

        var pairs = Percentiles.Of(_pairs);
        Console.WriteLine($"  {target.Name} mesh: {_done.Count}/{_pairCount} pairs, p50 {pairs.P50:F1} p99 {pairs.P99:F1} ms, all {allDone:F0} ms");
        return new MeshResult(target.Name, rooms.Length, _pairCount, _done.Count, pairs, allDone, _tally.ToDelivery(), cpu);
    }

    /// <summary>One side's part: the offer or the answer, then its candidates, numbered on the pair.</summary>
    private void SendScript(Member from, Member to, SignalKind opening, int openingBytes)
    {
        Send(from, to, opening, openingBytes);
        for (var i = 0; i < Candidates; i++)
        {
            Send(from, to, SignalKind.Candidate, CandidateBytes);
        }
    }

    private void Send(Member from, Member to, SignalKind kind, int bytes)
    {
        var seq = _seq.AddOrUpdate((from.Client.Index, to.Client.Index), 1, (_, n) => n + 1);
        _tally.CountSent();
        from.Client.Send(to.Joined.PeerId, kind, new Stamp(from.Client.Index, seq, Stopwatch.GetTimestamp(), 0, kind).ToJson(bytes));
    }
}
