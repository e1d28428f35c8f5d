namespace MeshCall.Bench.Measure;

/// <summary>
/// One receiver's account of what reached it, per sender: numbers arrive 1, 2, 3… on each pair, so a jump is a gap
/// (filled later: reordered; never: lost) and a number seen before is a duplicate. Only its client's receive loop
/// touches it.
/// </summary>
public sealed class PairLedger
{
    private readonly Dictionary<int, Pair> _pairs = [];

    public Verdict Take(int sender, long seq)
    {
        if (!_pairs.TryGetValue(sender, out var pair))
        {
            pair = new Pair();
            _pairs[sender] = pair;
        }

        if (seq == pair.Highest + 1)
        {
            pair.Highest = seq;
            return Verdict.InOrder;
        }

        if (seq > pair.Highest)
        {
            for (var missing = pair.Highest + 1; missing < seq; missing++)
            {
                pair.Missing.Add(missing);
            }

            pair.Highest = seq;
            return Verdict.InOrder;
        }

        return pair.Missing.Remove(seq) ? Verdict.Reordered : Verdict.Duplicate;
    }

    private sealed class Pair
    {
        public long Highest;
        public readonly HashSet<long> Missing = [];
    }
}

public enum Verdict
{
    InOrder,
    Reordered,
    Duplicate,
}
