using System.Collections.Concurrent;
using MeshCall.Bench.Adapters;
using MeshCall.Bench.Measure;

namespace MeshCall.Bench.Scenarios;

/// <summary>
/// The receiving side of the signal scenarios: each client's <see cref="PairLedger"/>, and the tally of the step a
/// signal was sent in (read from its stamp, so a late arrival still counts where it belongs).
/// </summary>
public sealed class Ledgers : IClientEvents
{
    private readonly ConcurrentDictionary<int, PairLedger> _ledgers = new();
    private readonly ConcurrentDictionary<int, SignalTally> _tallies = new();

    public SignalTally Step(int step) => _tallies.GetOrAdd(step, _ => new SignalTally());

    public void OnSignal(BenchClient receiver, Stamp stamp)
    {
        var verdict = _ledgers.GetOrAdd(receiver.Index, _ => new PairLedger()).Take(stamp.Sender, stamp.Seq);
        Step(stamp.Step).Take(stamp, verdict);
    }

    public void OnPeerJoined(BenchClient receiver, string peerId)
    {
    }

    private long _errors;

    public void OnError(BenchClient receiver, string code) => Interlocked.Increment(ref _errors);

    /// <summary>Errors the server answered (rate-limited, unavailable…) so far; a batch counts its own by difference.</summary>
    public long Errors => Interlocked.Read(ref _errors);
}
