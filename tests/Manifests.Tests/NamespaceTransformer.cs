using YamlDotNet.RepresentationModel;

namespace MeshCall.Manifests.Tests;

/// <summary>
/// A kustomization's <c>namespace:</c> as kustomize applies it: <c>metadata.namespace</c> on every object that is not
/// cluster-scoped (kinds it does not know, such as custom resources, count as namespaced), a <c>v1</c> Namespace
/// renamed to it, and in role bindings only subjects named <c>default</c> given it (kustomize's default mode; any
/// other ServiceAccount subject keeps no namespace and so means the binding's own).
/// </summary>
public static class NamespaceTransformer
{
    private static readonly HashSet<string> ClusterScoped =
    [
        "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume", "StorageClass",
        "PriorityClass", "IngressClass", "RuntimeClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
        "APIService", "Node", "CSIDriver",
    ];

    public static void Apply(string name, IEnumerable<YamlMappingNode> objects)
    {
        foreach (var obj in objects)
        {
            var kind = obj["kind"].ToString();
            var metadata = (YamlMappingNode)obj["metadata"];
            if (kind == "Namespace" && obj["apiVersion"].ToString() == "v1")
            {
                metadata.Children["name"] = name;
            }

            if (!ClusterScoped.Contains(kind))
            {
                metadata.Children["namespace"] = name;
            }

            if (kind is "RoleBinding" or "ClusterRoleBinding" && obj.Children.TryGetValue("subjects", out var subjects))
            {
                foreach (var subject in ((YamlSequenceNode)subjects).Children.Cast<YamlMappingNode>().Where(s => s["name"].ToString() == "default"))
                {
                    subject.Children["namespace"] = name;
                }
            }
        }
    }
}
