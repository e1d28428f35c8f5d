using System.Net;
using System.Net.Sockets;

namespace MeshCall.Gateway.Security;

/// <summary>The key per-address limits count under: one subscriber's addresses share one budget.</summary>
public static class ClientAddress
{
    /// <summary>
    /// An IPv4 address as it is (also when it arrives IPv4-mapped); an IPv6 address by its /64, the block one subscriber
    /// is usually given, so walking through its 2^64 addresses does not buy a fresh budget each time.
    /// </summary>
    public static IPAddress Key(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
