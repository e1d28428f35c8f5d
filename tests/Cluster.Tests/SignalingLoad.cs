using System.Collections.Concurrent;
using System.Diagnostics;
using MeshCall.Client;

namespace MeshCall.Cluster.Tests;

/// <summary>
/// Rooms of reconnecting clients that signal each other without pause, each signal numbered per pair in its
/// `data`, so that after any failure the test can say exactly what arrived: lost, duplicated or out of order.
/// </summary>
internal sealed class SignalingLoad : IAsyncDisposable
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(150);

    private readonly List<Member> _members = [];
    private readonly ConcurrentDictionary<(string From, string To), PairLog> _pairs = new();
    private readonly List<Task> _loops = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _perRoom;
    private TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;

    private SignalingLoad(int perRoom) => _perRoom = perRoom;

    public int Clients => _members.Count;

    /// <summary>Joins <paramref name="rooms"/> rooms of <paramref name="perRoom"/>; member i of a room uses <paramref name="urlsFor"/>(i).</summary>
    public static async Task<SignalingLoad> StartAsync(int rooms, int perRoom, Func<int, IReadOnlyList<Uri>> urlsFor)
    {
        var load = new SignalingLoad(perRoom);
        for (var r = 0; r < rooms; r++)
        {
            var room = Mesh.NewRoom();
            for (var i = 0; i < perRoom; i++)
            {
                var session = await MeshCallSession.JoinAsync(new MeshCallSessionOptions(urlsFor(i), room, $"p{i}"));
                load._members.Add(new Member(session, session.PeerId!, r));
            }
        }

        foreach (var member in load._members)
        {
            load._loops.Add(load.ReceiveAsync(member));
        }

        foreach (var member in load._members)
        {
            load._loops.Add(load.SendAsync(member, [.. load._members.Where(m => m.Room == member.Room && m != member)]));
        }

        return load;
    }

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Waits until every pair has had <paramref name="count"/> signals delivered that were sent after <paramref name="since"/>.</summary>
    public async Task WaitUntilEveryPairRelaysAsync(TimeSpan since, TimeSpan timeout, int count = 1)
    {
        if (!await WaitForAsync(() => EveryPairRelayedSince(since, count), timeout))
        {
            var stuck = _pairs.Count(p => p.Value.CountSentAfter(since) < count);
            throw new TimeoutException($"{stuck} of {_pairs.Count} pairs relayed fewer than {count} sent after {since} within {timeout}; {Describe()}");
        }
    }

    /// <summary>Stops sending (each client finishes its signal in flight), then waits until all that was acknowledged arrived.</summary>
    public async Task<LoadReport> StopAsync(TimeSpan? failedAt, TimeSpan drainTimeout)
    {
        _stopping = true;
        await Task.WhenAll(_loops.Skip(_members.Count)).WaitAsync(drainTimeout);
        await WaitForAsync(() => _pairs.Values.All(p => p.Missing <= 0), drainTimeout);
        return Report(failedAt);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await Task.WhenAll(_members.Select(m => m.Session.DisposeAsync().AsTask()));
        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Waits, woken by each received signal, until <paramref name="done"/>; false if the time ran out first.</summary>
    private async Task<bool> WaitForAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var next = Volatile.Read(ref _received).Task;
            if (done())
            {
                return true;
            }

            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.WhenAny(next, Task.Delay(left));
        }
    }

    private bool EveryPairRelayedSince(TimeSpan since, int count) =>
        _pairs.Count == _members.Count * (_perRoom - 1) && _pairs.Values.All(p => p.CountSentAfter(since) >= count);

    private string Describe() =>
        $"sent {_pairs.Values.Sum(p => p.Sent)}, received {_pairs.Values.Sum(p => p.Received.Count)}, sessions ended {_members.Count(m => m.Session.Ended is not null)}: "
        + string.Join("; ", _members.Where(m => m.Session.Ended is not null).Take(3).Select(m => m.Session.Ended!.Message));

    private LoadReport Report(TimeSpan? failedAt)
    {
        long sent = 0, received = 0, duplicated = 0, reordered = 0, lost = 0;
        var lostExamples = new List<string>();
        foreach (var (key, pair) in _pairs)
        {
            lock (pair)
            {
                sent += pair.Sent;
                received += pair.Received.Count;
                var seen = new HashSet<long>();
                long highest = 0;
                foreach (var (n, _, _) in pair.Received)
                {
                    if (!seen.Add(n))
                    {
                        duplicated++;
                        continue;
                    }

                    if (n < highest)
                    {
                        reordered++;
                    }

                    highest = Math.Max(highest, n);
                }

                var missing = Enumerable.Range(1, (int)pair.Sent).Where(n => !seen.Contains(n)).ToList();
                lost += missing.Count;
                if (missing.Count > 0 && lostExamples.Count < 5)
                {
                    lostExamples.Add($"{key.From}→{key.To} missing n={string.Join(",", missing)} of {pair.Sent}");
                }
            }
        }

        TimeSpan? first = null, last = null;
        if (failedAt is { } at)
        {
            var recoveries = _pairs.Values.Select(p => p.FirstSentAfter(at)).OfType<TimeSpan>().Select(t => t - at).ToList();
            first = recoveries.Count > 0 ? recoveries.Min() : null;
            last = recoveries.Count > 0 ? recoveries.Max() : null;
        }

        var peerIdsKept = _members.All(m => m.Session.PeerId == m.PeerId && m.Session.Ended is null);
        return new LoadReport(_members.Count, sent, received, duplicated, reordered, lost, _members.Sum(m => m.Session.Resumes), peerIdsKept, first, last)
        {
            LostExamples = lostExamples,
        };
    }

    private async Task SendAsync(Member member, IReadOnlyList<Member> others)
    {
        for (var turn = 0; !_stopping; turn++)
        {
            var to = others[turn % others.Count];
            var pair = _pairs.GetOrAdd((member.PeerId, to.PeerId), _ => new PairLog());
            var n = pair.Sent + 1;
            var sentAt = Now;
            try
            {
                await member.Session.SignalAsync(to.PeerId, "custom", $$"""{"n":{{n}},"t":{{sentAt.Ticks}}}""");
            }
            catch (Exception) when (_stopping)
            {
                return;
            }

            lock (pair)
            {
                pair.Sent = n;
            }

            await Task.Delay(Pace);
        }
    }

    private async Task ReceiveAsync(Member member)
    {
        try
        {
            await foreach (var evt in member.Session.Events.ReadAllAsync())
            {
                if (evt.Op != "signal")
                {
                    continue;
                }

                var from = evt.Body.GetProperty("from").GetString()!;
                var data = evt.Body.GetProperty("data");
                var pair = _pairs.GetOrAdd((from, member.PeerId), _ => new PairLog());
                lock (pair)
                {
                    pair.Received.Add((data.GetProperty("n").GetInt64(), TimeSpan.FromTicks(data.GetProperty("t").GetInt64()), Now));
                }

                Interlocked.Exchange(ref _received, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
        catch (Exception) when (_stopping)
        {
            // Disposed.
        }
    }

    private sealed record Member(MeshCallSession Session, string PeerId, int Room);
}
