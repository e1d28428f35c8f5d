using System.Diagnostics;
using MeshCall.Bench.Measure;

namespace MeshCall.Bench.Scenarios;

/// <summary>
/// Open-loop signal load: at a fixed rate, a sender (taken in turn) sends a stamped signal to a random member of its
/// room, numbered on that pair. Each signal is stamped with the time it was due, not the time it went out, so a
/// backlog in the load tool or the server shows as latency instead of hiding (no coordinated omission).
/// </summary>
public sealed class SignalPump
{
    private readonly Member[] _senders;
    private readonly Dictionary<Member, Member[]> _targets;
    private readonly Dictionary<(int, int), long> _seq = [];
    private readonly Random _random;
    private readonly int _payloadBytes;
    private int _next;

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
        var stamp = new Stamp(sender.Client.Index, seq, dueAt, step, SignalKind.Candidate);
        tally.CountSent();
        sender.Client.Send(target.Joined.PeerId, SignalKind.Candidate, stamp.ToJson(_payloadBytes));
    }
}
