using System.Buffers.Text;
using System.Text;

namespace MeshCall.Bench.Measure;

/// <summary>What a signal is in the negotiation script the scenarios play.</summary>
public enum SignalKind
{
    Offer = 0,
    Answer = 1,
    Candidate = 2,
}

/// <summary>
/// The header every benchmark signal carries inside its <c>data</c>: who sent it, its number on its pair, when it was
/// meant to leave (<see cref="System.Diagnostics.Stopwatch"/> ticks of this process) and the ramp step it belongs to.
/// It is read by scanning the received frame, so every adapter pays the same for it whatever the envelope.
/// </summary>
public readonly record struct Stamp(int Sender, long Seq, long SentAt, int Step, SignalKind Kind)
{
    private static readonly byte[] Marker = "\"bench\":["u8.ToArray();

    /// <summary>A JSON object of about <paramref name="size"/> bytes: the stamp, then padding.</summary>
    public byte[] ToJson(int size)
    {
        var head = $"{{\"bench\":[{Sender},{Seq},{SentAt},{Step},{(int)Kind}],\"pad\":\"";
        var pad = Math.Max(0, size - head.Length - 2);
        var json = new byte[head.Length + pad + 2];
        Encoding.ASCII.GetBytes(head, json);
        json.AsSpan(head.Length, pad).Fill((byte)'x');
        json[^2] = (byte)'"';
        json[^1] = (byte)'}';
        return json;
    }

    public static bool TryRead(ReadOnlySpan<byte> frame, out Stamp stamp)
    {
        stamp = default;
        var at = frame.IndexOf(Marker);
        if (at < 0)
        {
            return false;
        }

        var rest = frame[(at + Marker.Length)..];
        if (!Next(ref rest, out var sender) || !Next(ref rest, out var seq) || !Next(ref rest, out var sentAt)
            || !Next(ref rest, out var step) || !Next(ref rest, out var kind))
        {
            return false;
        }

        stamp = new Stamp((int)sender, seq, sentAt, (int)step, (SignalKind)kind);
        return true;
    }

    private static bool Next(ref ReadOnlySpan<byte> rest, out long value)
    {
        if (!Utf8Parser.TryParse(rest, out value, out var used) || used >= rest.Length)
        {
            return false;
        }

        rest = rest[(used + 1)..];
        return true;
    }
}
