using System.Reflection;

namespace MeshCall.Hosting;

/// <summary>What a process says it is, in <c>/version</c> and in its telemetry's resource (OpenTelemetry <c>service.*</c>).</summary>
public static class ServiceIdentity
{
    /// <summary>The assembly's informational version (the build's version, with the commit when it was built from git).</summary>
    public static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>This process among its service's others: its host (a pod's or container's name) and process id.</summary>
    public static string InstanceId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
