using System.Diagnostics;
using System.Globalization;

namespace MeshCall.Cluster.Tests;

/// <summary>POSIX signals .NET has no API to send: SIGTERM, the polite stop an orchestrator sends.</summary>
internal static class Signals
{
    public static void Terminate(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
