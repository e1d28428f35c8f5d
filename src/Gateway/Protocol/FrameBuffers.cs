using System.Buffers;
using System.Text.Json;

namespace MeshCall.Gateway.Protocol;

/// <summary>
/// Where server messages are serialised: one growable buffer and one JSON writer per thread, reused, since writing
/// a message never awaits. At 5,000 relayed signals a second, a fresh buffer (grown by doubling to fit a 1 KiB
/// signal) and writer per message were several KiB of garbage per signal, and the collections they cost were most
/// of the relay's p99.
/// </summary>
public static class FrameBuffers
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>A message as an array of its own (for what is kept: a queued reply).</summary>
    public static byte[] Serialize<TState>(TState state, Action<Utf8JsonWriter, TState> write) => Write(state, write).ToArray();

    /// <summary>A message in an array from the shared pool; the caller returns it with <see cref="RentedFrame.Dispose"/> once sent.</summary>
    public static RentedFrame Rent<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var written = Write(state, write);
        var array = ArrayPool<byte>.Shared.Rent(written.Length);
        written.CopyTo(array);
        return new RentedFrame(array, written.Length);
    }

    private static ReadOnlySpan<byte> Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        write(writer, state);
        writer.Flush();
        return buffer.WrittenSpan;
    }
}

/// <summary>A serialised message in a pooled array: <see cref="Memory"/> until disposed.</summary>
public readonly struct RentedFrame(byte[] array, int length) : IDisposable
{
    public ReadOnlyMemory<byte> Memory => array.AsMemory(0, length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(array);
}
