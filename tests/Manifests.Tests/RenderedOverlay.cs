using k8s;
using k8s.Models;

namespace MeshCall.Manifests.Tests;

/// <summary>An overlay rendered and loaded into the official Kubernetes client models, unknown fields refused.</summary>
public sealed class RenderedOverlay
{
    private RenderedOverlay(string name, IReadOnlyList<object> objects) => (Name, Objects) = (name, objects);

    public string Name { get; }

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<V1Deployment> Deployments => Objects.OfType<V1Deployment>();

    public V1Deployment Deployment(string name) => Deployments.Single(d => d.Metadata.Name == name);

    public static RenderedOverlay Load(string overlay)
    {
        var yaml = Kustomization.Render(Path.Combine(RepositoryRoot, "k8s", "overlays", overlay));
        return new RenderedOverlay(overlay, KubernetesYaml.LoadAllFromString(yaml, strict: true));
    }

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MeshCall.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("MeshCall.sln not found above the test's folder");
        }
    }
}
