using System.Net;
using System.Net.Sockets;

namespace MeshCall.Hosting;

/// <summary>
/// Refuses to build a silo whose silo or gateway port is already taken, naming the port and its setting. Orleans
/// listens with <c>ReuseAddress</c>, which .NET on Linux turns into <c>SO_REUSEPORT</c>: a second silo on the same
/// ports (two gateways run on one machine with the defaults) bound them without a word, and the kernel split the
/// connections between the two.
/// </summary>
internal static class SiloPorts
{
    // Linux's SOL_SOCKET and SO_REUSEADDR: the probe may bind over connections in TIME_WAIT from a previous run, never
    // over a listener (which .NET's ReuseAddress would allow there, as it adds SO_REUSEPORT).
    private const int SocketLevel = 1;
    private const int ReuseAddress = 2;

    /// <param name="address">Where the silo will listen: loopback for development clustering, any address otherwise.</param>
    public static void EnsureFree(IPAddress address, SiloSettings endpoints)
    {
        EnsureFree(new IPEndPoint(address, endpoints.SiloPort), "Silo:SiloPort");
        EnsureFree(new IPEndPoint(address, endpoints.GatewayPort), "Silo:GatewayPort");
    }

    private static void EnsureFree(IPEndPoint endpoint, string setting)
    {
        using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (OperatingSystem.IsLinux())
        {
            probe.SetRawSocketOption(SocketLevel, ReuseAddress, BitConverter.GetBytes(1));
        }

        try
        {
            probe.Bind(endpoint);
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new InvalidOperationException(
                $"{setting} {endpoint.Port} is already in use on {endpoint.Address}, probably by another MeshCall gateway or silo on this machine: " +
                "stop that one, or start this one on free ports (e.g. --Silo:SiloPort=11112 --Silo:GatewayPort=30001).", error);
        }
    }
}
