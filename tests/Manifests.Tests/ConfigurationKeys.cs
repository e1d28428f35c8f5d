using System.Reflection;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using MeshCall.Gateway.Admin;
using MeshCall.Gateway.Security;
using MeshCall.Gateway.Sessions;
using MeshCall.Grains.Peers;
using MeshCall.Grains.Rooms;
using MeshCall.Grains.Webhooks;
using MeshCall.Hosting;
using ClusterMembershipOptions = Orleans.Configuration.ClusterMembershipOptions;
using GatewayOptions = MeshCall.Gateway.Sessions.GatewayOptions;

namespace MeshCall.Manifests.Tests;

/// <summary>The configuration the silo and the gateway read, as the environment spells it (<c>Section__Key</c>).</summary>
public static class ConfigurationKeys
{
    /// <summary>Read by Microsoft.Orleans.Hosting.Kubernetes, not by configuration.</summary>
    private static readonly HashSet<string> Kubernetes = ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_CLUSTER_ID", "ORLEANS_SERVICE_ID"];

    private static readonly (string Section, Type Options)[] Sections =
    [
        (ClusterSettings.Section, typeof(ClusterSettings)), (SiloSettings.Section, typeof(SiloSettings)),
        (RoomOptions.Section, typeof(RoomOptions)), (PeerOptions.Section, typeof(PeerOptions)), (LimitsOptions.Section, typeof(LimitsOptions)),
        (GatewayOptions.Section, typeof(GatewayOptions)), (IceOptions.Section, typeof(IceOptions)),
        (AuthOptions.Section, typeof(AuthOptions)), (AdminOptions.Section, typeof(AdminOptions)),
        (FailureDetection.MembershipSection, typeof(ClusterMembershipOptions)), (WebhookOptions.Section, typeof(WebhookOptions)),
    ];

    /// <summary>Whether <paramref name="variable"/> is one of those keys (list items like <c>Gateway__AllowedOrigins__0</c> included).</summary>
    public static bool IsRead(string variable)
    {
        if (Kubernetes.Contains(variable))
        {
            return true;
        }

        var path = variable.Replace("__", ":", StringComparison.Ordinal);
        return Sections.Any(s =>
            path.StartsWith(s.Section + ":", StringComparison.OrdinalIgnoreCase)
            && path[(s.Section.Length + 1)..].Split(':')[0] is var property
            && s.Options.GetProperty(property, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { CanWrite: true });
    }
}
