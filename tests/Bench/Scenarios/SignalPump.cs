using System.Diagnostics;
using MeshCall.Bench.Measure;

namespace MeshCall.Bench.Scenarios;

/// <summary>
/// Open-loop signal load: at a fixed rate, a sender (taken in turn) sends a stamped signal to a random member of its
/// room, numbered on that pair. The schedule never waits for deliveries (no coordinated omission: a slow server gets
/// the same offered rate). A signal is stamped when it is handed to its connection; how late that was against the
/// schedule (the pacer wakes about every millisecond) is kept apart in <see cref="Lag"/>, to show a saturated client.
/// </summary>
public sealed class SignalPump
{
    private readonly Member[] _senders;
    private readonly Dictionary<Member, Member[]> _targets;
    private readonly Dictionary<(int, int), long> _seq = [];
    private readonly Random _random;
    private readonly int _payloadBytes;
    private int _next;

    /// <summary>How far behind its schedule each signal was handed over.</summary>
    public Latency Lag { get; private set; } = new();

    /// <param name="crossGateways">Address only members that joined through the other gateway (a cluster's every signal crosses).</param>
    public SignalPump(IReadOnlyList<Member> members, int seed, int payloadBytes, bool crossGateways)
    {
        _random = new Random(seed);
        _payloadBytes = payloadBytes;
        _targets = members.ToDictionary(m => m, m => members
            .Where(o => o.Room == m.Room && o != m && (!crossGateways || o.Place % 2 != m.Place % 2))
            .ToArray());
        _senders = [.. members.Where(m => _targets[m].Length > 0).OrderBy(_ => _random.Next())];
    }

    public async Task RunAsync(int step, double rate, TimeSpan duration, SignalTally tally, CancellationToken cancellationToken)
    {
        Lag = new Latency();
        var total = (long)(rate * duration.TotalSeconds);
        var start = Stopwatch.GetTimestamp();
        for (long n = 0; n < total;)
        {
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
            for (; n < due; n++)
            {
                Send(step, start + (long)(n / rate * Stopwatch.Frequency), tally);
            }

            await Task.Delay(1, cancellationToken);
        }
    }

    private void Send(int step, long dueAt, SignalTally tally)
    {
        var sender = _senders[_next++ % _senders.Length];
        var targets = _targets[sender];
        var target = targets[_random.Next(targets.Length)];
        var pair = (sender.Client.Index, target.Client.Index);
        var seq = _seq[pair] = _seq.GetValueOrDefault(pair) + 1;
        var now = Stopwatch.GetTimestamp();
        Lag.RecordMicros(Latency.Micros(now - dueAt));
        var stamp = new Stamp(sender.Client.Index, seq, now, step, SignalKind.Candidate);
        tally.CountSent();
        sender.Client.Send(target.Joined.PeerId, SignalKind.Candidate, stamp.ToJson(_payloadBytes));
    }
}
