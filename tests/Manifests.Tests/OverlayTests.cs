using k8s.Models;

namespace MeshCall.Manifests.Tests;

/// <summary>Each overlay, rendered: objects Kubernetes would accept, wired to each other and to what the app reads.</summary>
public sealed class OverlayTests
{
    public static TheoryData<string> Overlays => ["dev", "production"];

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_object_loads_into_the_kubernetes_models_without_unknown_fields(string overlay)
    {
        var rendered = RenderedOverlay.Load(overlay);
        Assert.Contains(rendered.Objects, o => o is V1Deployment { Metadata.Name: "meshcall-silo" });
        Assert.Contains(rendered.Objects, o => o is V1Deployment { Metadata.Name: "meshcall-gateway" });
        Assert.All(rendered.Objects, o => Assert.IsNotType<object>(o));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Selectors_match_labels_and_services_reach_named_container_ports(string overlay)
    {
        var rendered = RenderedOverlay.Load(overlay);
        foreach (var deployment in rendered.Deployments)
        {
            Assert.True(Matches(deployment.Spec.Selector.MatchLabels, deployment.Spec.Template.Metadata.Labels), $"{deployment.Metadata.Name}: selector does not match its pods");
        }

        foreach (var service in rendered.Objects.OfType<V1Service>())
        {
            var pods = rendered.Deployments.Where(d => Matches(service.Spec.Selector, d.Spec.Template.Metadata.Labels)).ToList();
            Assert.True(pods.Count == 1, $"service {service.Metadata.Name} selects {pods.Count} deployments");
            var ports = pods[0].Spec.Template.Spec.Containers.SelectMany(c => c.Ports).ToList();
            Assert.All(service.Spec.Ports, p => Assert.Contains(ports, c => c.Name == p.TargetPort.Value || c.ContainerPort.ToString() == p.TargetPort.Value));
        }

        foreach (var budget in rendered.Objects.OfType<V1PodDisruptionBudget>())
        {
            Assert.Single(rendered.Deployments, d => Matches(budget.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels));
        }

        foreach (var ingress in rendered.Objects.OfType<V1Ingress>())
        {
            var backends = ingress.Spec.Rules.SelectMany(r => r.Http.Paths).Select(p => p.Backend.Service);
            Assert.All(backends, b => Assert.Contains(rendered.Objects.OfType<V1Service>(), s => s.Metadata.Name == b.Name && s.Spec.Ports.Any(p => p.Name == b.Port.Name)));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Probes_hit_healthz_and_readyz_on_the_port_the_app_listens_on_and_silo_ports_are_the_apps(string overlay)
    {
        foreach (var deployment in RenderedOverlay.Load(overlay).Deployments.Where(d => d.Metadata.Name != "meshcall-redis"))
        {
            var container = deployment.Spec.Template.Spec.Containers.Single();
            Assert.Equal(["--urls", "http://+:8080"], container.Args);
            Assert.Contains(container.Ports, p => p is { Name: "http", ContainerPort: 8080 });
            Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
            Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("http", container.LivenessProbe.HttpGet.Port.Value);
        }

        var silo = RenderedOverlay.Load(overlay).Deployment("meshcall-silo").Spec.Template.Spec.Containers.Single();
        var defaults = new MeshCall.Hosting.SiloSettings();
        Assert.Contains(silo.Ports, p => p.ContainerPort == defaults.SiloPort);
        Assert.Contains(silo.Ports, p => p.ContainerPort == defaults.GatewayPort);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_variable_and_config_key_set_is_one_the_app_reads(string overlay)
    {
        var rendered = RenderedOverlay.Load(overlay);
        var configMaps = rendered.Objects.OfType<V1ConfigMap>().ToList();
        Assert.All(configMaps.SelectMany(c => c.Data.Keys), key => Assert.True(ConfigurationKeys.IsRead(key), $"config key {key} is read by nothing"));
        foreach (var container in rendered.Deployments.Where(d => d.Metadata.Name != "meshcall-redis").SelectMany(d => d.Spec.Template.Spec.Containers))
        {
            Assert.All(container.Env ?? [], e => Assert.True(ConfigurationKeys.IsRead(e.Name), $"{container.Name}: {e.Name} is read by nothing"));
            Assert.All(container.EnvFrom ?? [], from => Assert.Contains(configMaps, c => c.Metadata.Name == from.ConfigMapRef.Name));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Silos_run_as_orleans_kubernetes_hosting_needs_and_shut_down_gracefully(string overlay)
    {
        var rendered = RenderedOverlay.Load(overlay);
        var silo = rendered.Deployment("meshcall-silo");
        var pod = silo.Spec.Template;
        Assert.True(pod.Metadata.Labels.ContainsKey("orleans/clusterId") && pod.Metadata.Labels.ContainsKey("orleans/serviceId"));
        var env = pod.Spec.Containers.Single().Env.ToDictionary(e => e.Name);
        Assert.Equal("metadata.name", env["POD_NAME"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("status.podIP", env["POD_IP"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.labels['orleans/clusterId']", env["ORLEANS_CLUSTER_ID"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("meshcall-secrets", env["Cluster__Redis"].ValueFrom.SecretKeyRef.Name);

        // RBAC: the pods verbs the hosting package uses, granted to the silos' service account.
        var binding = rendered.Objects.OfType<V1RoleBinding>().Single(b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == pod.Spec.ServiceAccountName));
        var role = rendered.Objects.OfType<V1Role>().Single(r => r.Metadata.Name == binding.RoleRef.Name);
        var verbs = role.Rules.Where(r => r.Resources.Contains("pods")).SelectMany(r => r.Verbs).ToHashSet();
        Assert.Superset(verbs, new HashSet<string> { "get", "watch", "list", "patch", "delete" });
        Assert.Contains(rendered.Objects.OfType<V1ServiceAccount>(), a => a.Metadata.Name == pod.Spec.ServiceAccountName);

        // Rolling updates never take a silo away before its replacement is up; the grace outlasts the 30 s shutdown.
        Assert.Equal("0", silo.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.True(pod.Spec.TerminationGracePeriodSeconds > 30);
        Assert.NotEmpty(pod.Spec.TopologySpreadConstraints);
        Assert.NotNull(rendered.Deployment("meshcall-gateway").Spec.Template.Spec.Containers.Single().Lifecycle.PreStop);
    }

    [Fact]
    public void Production_runs_three_silos_and_two_gateways_on_external_redis_and_dev_one_of_each_with_its_own()
    {
        var production = RenderedOverlay.Load("production");
        Assert.True(production.Deployment("meshcall-silo").Spec.Replicas >= 3);
        Assert.True(production.Deployment("meshcall-gateway").Spec.Replicas >= 2);
        Assert.DoesNotContain(production.Deployments, d => d.Metadata.Name == "meshcall-redis");
        Assert.DoesNotContain(production.Objects, o => o is V1Secret);

        var dev = RenderedOverlay.Load("dev");
        Assert.Equal(1, dev.Deployment("meshcall-silo").Spec.Replicas);
        Assert.Equal(1, dev.Deployment("meshcall-gateway").Spec.Replicas);
        Assert.Contains(dev.Deployments, d => d.Metadata.Name == "meshcall-redis");
        Assert.Contains(dev.Objects, o => o is V1Secret { Metadata.Name: "meshcall-secrets" });
    }

    [Fact]
    public void Production_trusts_forwarded_headers_only_from_a_known_network_and_limits_per_client_address()
    {
        var config = RenderedOverlay.Load("production").Objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "meshcall-config").Data;
        Assert.True(System.Net.IPNetwork.TryParse(config["Gateway__KnownNetworks__0"], out _));
        Assert.True(int.Parse(config["Limits__MaxConnectionsPerIp"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(int.Parse(config["Limits__JoinsPerMinutePerIp"], System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    private static bool Matches(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
