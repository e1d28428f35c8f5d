using System.Net.WebSockets;

namespace MeshCall.Bench.Adapters;

/// <summary>
/// Whether a client reads its connection. A client given one connects with a small fixed receive buffer, and while
/// the gate is held its socket is not read at all, so the server soon cannot write to it: a member that stopped
/// reading, as the server sees one. It also records what was read and how the server ended the connection, which
/// the client itself only learns once it reads again.
/// </summary>
public sealed class ReadGate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = Open();
    private long _bytesRead;

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>How the server ended the connection (<c>1008 too slow</c>, <c>aborted</c>), or null while it is open.</summary>
    public string? Ending { get; private set; }

    /// <summary>Stops reading: reads already waiting go on only after <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    internal Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _open.Task.WaitAsync(cancellationToken);
        }
    }

    internal void Read(int count) => Interlocked.Add(ref _bytesRead, count);

    internal void Ended(WebSocket socket) =>
        Ending ??= socket.CloseStatus is { } status ? $"{(int)status} {socket.CloseStatusDescription}".TrimEnd() : "closed";

    internal void Aborted() => Ending ??= "aborted";

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
