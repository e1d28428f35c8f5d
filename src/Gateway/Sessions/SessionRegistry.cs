using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace MeshCall.Gateway.Sessions;

/// <summary>The client connections this gateway holds, by connection id.</summary>
public sealed class SessionRegistry(GatewayMetrics metrics)
{
    private readonly ConcurrentDictionary<string, MeshSession> _sessions = new();

    public ICollection<MeshSession> All => _sessions.Values;

    public void Add(MeshSession session)
    {
        _sessions[session.ConnectionId] = session;
        metrics.ConnectionOpened(session.Transport);
    }

    public bool TryGet(string connectionId, [MaybeNullWhen(false)] out MeshSession session) => _sessions.TryGetValue(connectionId, out session);

    public void Forget(MeshSession session)
    {
        if (_sessions.TryRemove(session.ConnectionId, out _))
        {
            metrics.ConnectionClosed(session.Transport);
        }
    }
}
