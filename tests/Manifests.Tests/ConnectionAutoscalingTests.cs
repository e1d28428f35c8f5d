using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace MeshCall.Manifests.Tests;

/// <summary>
/// Gateways scale on CPU alone by default; the component <c>k8s/components/connection-autoscaling</c> adds open
/// connections per pod together with what serves that metric: a ServiceMonitor and prometheus-adapter's rule.
/// </summary>
public sealed class ConnectionAutoscalingTests : IDisposable
{
    private static readonly string Component = Path.Combine(RenderedOverlay.RepositoryRoot, "k8s", "components", "connection-autoscaling");

    private readonly string _overlay = Directory.CreateTempSubdirectory("meshcall-overlay-").FullName;

    [Theory]
    [MemberData(nameof(OverlayTests.Overlays), MemberType = typeof(OverlayTests))]
    public void Without_the_component_gateways_scale_on_cpu_alone(string overlay)
    {
        var metrics = RenderedOverlay.Load(overlay).Autoscaler("meshcall-gateway").Spec.Metrics;
        var metric = Assert.Single(metrics);
        Assert.Equal("Resource", metric.Type);
        Assert.Equal("cpu", metric.Resource.Name);
        Assert.DoesNotContain(RenderedOverlay.Load(overlay).Objects, o => o is ServiceMonitor);
    }

    [Fact]
    public void With_the_component_gateways_also_scale_on_connections_per_pod()
    {
        var metrics = WithComponent().Autoscaler("meshcall-gateway").Spec.Metrics;
        Assert.Contains(metrics, m => m is { Type: "Resource", Resource.Name: "cpu" });
        var pods = Assert.Single(metrics, m => m.Type == "Pods").Pods;
        Assert.Equal("meshcall_gateway_connections", pods.Metric.Name);
        Assert.Equal("AverageValue", pods.Target.Type);
    }

    [Fact]
    public void The_components_service_monitor_scrapes_metrics_from_the_gateway_service_by_its_named_port()
    {
        var rendered = WithComponent();
        var monitor = Assert.Single(rendered.Objects.OfType<ServiceMonitor>());
        var selected = rendered.Objects.OfType<V1Service>()
            .Where(s => monitor.Spec.Selector.MatchLabels.All(kv => s.Metadata.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value)).ToList();
        var service = Assert.Single(selected);
        Assert.Equal("meshcall-gateway", service.Metadata.Name);
        Assert.Equal(service.Metadata.NamespaceProperty, monitor.Metadata.NamespaceProperty);

        // The port the monitor names is the Service's, and leads to the gateway container's port the app serves /metrics on.
        var endpoint = Assert.Single(monitor.Spec.Endpoints);
        Assert.Equal("/metrics", endpoint.Path);
        var port = Assert.Single(service.Spec.Ports, p => p.Name == endpoint.Port);
        var container = rendered.Deployment("meshcall-gateway").Spec.Template.Spec.Containers.Single();
        Assert.Contains(container.Ports, p => p.Name == port.TargetPort.Value && p.ContainerPort == 8080);
        Assert.Equal(["--urls", "http://+:8080"], container.Args);
    }

    [Fact]
    public void The_adapter_rule_serves_the_exported_connection_series_as_the_pods_metric_the_autoscaler_asks_for()
    {
        var values = (YamlMappingNode)LoadYaml(Path.Combine(Component, "prometheus-adapter-values.yaml"));
        var rules = (YamlSequenceNode)((YamlMappingNode)values["rules"])["custom"];
        var asked = WithComponent().Autoscaler("meshcall-gateway").Spec.Metrics.Single(m => m.Type == "Pods").Pods.Metric.Name;
        var rule = (YamlMappingNode)Assert.Single(rules.Children, r => ((YamlMappingNode)((YamlMappingNode)r)["name"])["as"].ToString() == asked);

        var series = rule["seriesQuery"].ToString().Split('{')[0];
        Assert.Contains(series, GrafanaDashboardTests.ExportedSeries());

        // A pods metric: each series is attributed to the pod and namespace labels Prometheus gives a scraped target.
        var overrides = (YamlMappingNode)((YamlMappingNode)rule["resources"])["overrides"];
        Assert.Equal("pod", ((YamlMappingNode)overrides["pod"])["resource"].ToString());
        Assert.Equal("namespace", ((YamlMappingNode)overrides["namespace"])["resource"].ToString());
        Assert.Matches(@"^sum\(<<\.Series>>\{<<\.LabelMatchers>>\}\) by \(<<\.GroupBy>>\)$", rule["metricsQuery"].ToString());
    }

    public void Dispose() => Directory.Delete(_overlay, recursive: true);

    /// <summary>
    /// Production with the component switched on as its kustomization says: the commented <c>components:</c> lines
    /// uncommented, so its namespace and images apply to what the component adds. Rendered from a copy, since paths
    /// inside it are relative.
    /// </summary>
    private RenderedOverlay WithComponent()
    {
        var production = Path.Combine(RenderedOverlay.RepositoryRoot, "k8s", "overlays", "production");
        foreach (var file in Directory.GetFiles(production))
        {
            File.Copy(file, Path.Combine(_overlay, Path.GetFileName(file)));
        }

        var kustomization = File.ReadAllText(Path.Combine(production, "kustomization.yaml"));
        const string Off = "# components:\n#   - ../../components/connection-autoscaling\n";
        Assert.Contains(Off, kustomization, StringComparison.Ordinal);
        var k8s = Path.GetRelativePath(_overlay, Path.Combine(RenderedOverlay.RepositoryRoot, "k8s")) + "/";
        kustomization = kustomization.Replace(Off, "components:\n  - ../../components/connection-autoscaling\n", StringComparison.Ordinal)
            .Replace("../../", k8s, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_overlay, "kustomization.yaml"), kustomization);
        return RenderedOverlay.LoadDirectory(_overlay, "production with connection-autoscaling");
    }

    private static YamlNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents.Single().RootNode;
    }
}
