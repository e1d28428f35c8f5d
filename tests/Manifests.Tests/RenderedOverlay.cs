using k8s;
using k8s.Models;

namespace MeshCall.Manifests.Tests;

/// <summary>
/// An overlay rendered and loaded into the official Kubernetes client models, unknown fields refused; a
/// ServiceMonitor, which those models lack, into <see cref="ServiceMonitor"/>, and any other kind fails the load.
/// </summary>
public sealed class RenderedOverlay
{
    private RenderedOverlay(string name, IReadOnlyList<object> objects) => (Name, Objects) = (name, objects);

    public string Name { get; }

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<V1Deployment> Deployments => Objects.OfType<V1Deployment>();

    public V1Deployment Deployment(string name) => Deployments.Single(d => d.Metadata.Name == name);

    public V2HorizontalPodAutoscaler Autoscaler(string name) => Objects.OfType<V2HorizontalPodAutoscaler>().Single(h => h.Metadata.Name == name);

    public V1Service Service(string name) => Objects.OfType<V1Service>().Single(s => s.Metadata.Name == name);

    public static RenderedOverlay Load(string overlay) => LoadDirectory(Path.Combine(RepositoryRoot, "k8s", "overlays", overlay), overlay);

    /// <summary>The kustomization in <paramref name="directory"/>, anywhere (a test's own overlay of an overlay, say).</summary>
    public static RenderedOverlay LoadDirectory(string directory, string name) =>
        new(name, [.. Kustomization.Render(directory).Select(LoadObject)]);

    private static object LoadObject(RenderedObject obj) =>
        obj is { ApiVersion: ServiceMonitor.ApiGroupVersion, Kind: "ServiceMonitor" }
            ? KubernetesYaml.Deserialize<ServiceMonitor>(obj.Yaml, strict: true)
            : KubernetesYaml.LoadAllFromString(obj.Yaml, strict: true).Single();

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
