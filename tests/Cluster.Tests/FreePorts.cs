using System.Net;
using System.Net.Sockets;

namespace MeshCall.Cluster.Tests;

/// <summary>Loopback ports the OS says are free, so parallel runs and other services never collide.</summary>
internal static class FreePorts
{
    /// <summary>Holds every listener until all are bound, so one call never returns the same port twice.</summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }
}
