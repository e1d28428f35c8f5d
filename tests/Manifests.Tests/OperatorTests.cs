using k8s;
using k8s.Models;
using MeshCall.Hosting;
using Microsoft.Extensions.Configuration;

namespace MeshCall.Manifests.Tests;

/// <summary>What an operator applying an overlay meets: images from a registry, a namespace, https, and dev kept apart.</summary>
public sealed class OperatorTests
{
    public static TheoryData<string, string> Namespaces => new() { { "dev", "meshcall-dev" }, { "production", "meshcall" } };

    [Theory]
    [MemberData(nameof(OverlayTests.Overlays), MemberType = typeof(OverlayTests))]
    public void MeshCall_images_come_from_a_registry_at_a_pinned_release_and_no_image_floats(string overlay)
    {
        var containers = RenderedOverlay.Load(overlay).Deployments.SelectMany(d => d.Spec.Template.Spec.Containers).ToList();
        foreach (var image in containers.Where(c => c.Name is "gateway" or "silo").Select(c => c.Image))
        {
            // A registry host is the first path segment when it has a dot or a port (as docker reads an image name).
            var host = image.Split('/')[0];
            Assert.True(image.Contains('/', StringComparison.Ordinal) && (host.Contains('.', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal)), $"{image} names no registry");
        }

        Assert.All(containers, c => Assert.True(Pinned(c.Image), $"{c.Name}: {c.Image} has no tag or digest, or floats on latest"));
    }

    [Theory]
    [MemberData(nameof(Namespaces))]
    public void Every_namespaced_object_is_in_the_overlays_own_namespace(string overlay, string expected)
    {
        var rendered = RenderedOverlay.Load(overlay);
        Assert.All(rendered.Objects.Where(o => o is not V1Namespace), o => Assert.Equal(expected, Meta(o).NamespaceProperty));

        // The silos' RoleBinding names their ServiceAccount without a namespace, which Kubernetes reads as the binding's own.
        var subjects = rendered.Objects.OfType<V1RoleBinding>().SelectMany(b => b.Subjects).Where(s => s.Kind == "ServiceAccount");
        Assert.All(subjects, s => Assert.True(s.NamespaceProperty is null || s.NamespaceProperty == expected, $"{s.Name} bound in {s.NamespaceProperty}"));
    }

    [Fact]
    public void Dev_creates_its_own_namespace_and_production_one_the_operator_made_so_the_two_never_share_a_secret()
    {
        var dev = RenderedOverlay.Load("dev");
        var production = RenderedOverlay.Load("production");
        Assert.Equal("meshcall-dev", Assert.Single(dev.Objects.OfType<V1Namespace>()).Metadata.Name);
        Assert.DoesNotContain(production.Objects, o => o is V1Namespace);
        Assert.NotEqual(Namespace(dev.Deployment("meshcall-silo")), Namespace(production.Deployment("meshcall-silo")));

        // Redis and the generated Secret are dev's alone: production reads a Secret the operator creates, once.
        Assert.DoesNotContain(production.Objects, o => o is V1Secret || Meta(o).Name == "meshcall-redis");
        Assert.All(
            dev.Objects.Where(o => o is V1Secret || Meta(o).Name == "meshcall-redis"),
            o => Assert.Equal("meshcall-dev", Meta(o).NamespaceProperty));
    }

    [Fact]
    public void Production_ingress_serves_https_for_every_host_and_the_gateway_allows_that_origin()
    {
        var production = RenderedOverlay.Load("production");
        var ingress = production.Objects.OfType<V1Ingress>().Single();
        var hosts = ingress.Spec.Rules.Select(r => r.Host).ToList();
        Assert.NotEmpty(hosts);
        Assert.All(hosts, host => Assert.Contains(ingress.Spec.Tls ?? [], t => t.Hosts.Contains(host) && !string.IsNullOrEmpty(t.SecretName)));

        var origins = production.Deployment("meshcall-gateway").Spec.Template.Spec.Containers.Single().Env
            .Where(e => e.Name.StartsWith("Gateway__AllowedOrigins__", StringComparison.Ordinal)).Select(e => e.Value);
        Assert.All(hosts, host => Assert.Contains("https://" + host, origins));
    }

    [Fact]
    public void Production_turns_the_orleans_dashboard_off_and_dev_keeps_it()
    {
        Assert.False(SiloSettingsOf("production").Dashboard);
        Assert.True(SiloSettingsOf("dev").Dashboard);
    }

    /// <summary>The silo's settings as it binds them from the rendered ConfigMap's environment variables.</summary>
    private static SiloSettings SiloSettingsOf(string overlay)
    {
        var data = RenderedOverlay.Load(overlay).Objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "meshcall-config").Data;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(data.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), (string?)kv.Value)))
            .Build();
        return SiloSettings.From(configuration);
    }

    private static V1ObjectMeta Meta(object obj) => ((IKubernetesObject<V1ObjectMeta>)obj).Metadata;

    private static string Namespace(V1Deployment deployment) => deployment.Metadata.NamespaceProperty;

    private static bool Pinned(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return true;
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') && image[(colon + 1)..] != "latest";
    }
}
