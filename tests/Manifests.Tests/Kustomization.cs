using System.Text;
using YamlDotNet.RepresentationModel;

namespace MeshCall.Manifests.Tests;

/// <summary>
/// Renders a kustomization the way <c>kubectl kustomize</c> does for the features <c>k8s/</c> uses, in its order:
/// resources (files and directories), components (a <c>kind: Component</c> whose resources join and whose patches
/// apply to what the including kustomization has gathered), secret generators with literals, strategic-merge
/// patches by kind and name, <c>namespace</c>, then <c>images</c>. Anything else in a kustomization fails the
/// render, so nothing is silently ignored.
/// </summary>
public static class Kustomization
{
    private static readonly HashSet<string> Supported =
        ["apiVersion", "kind", "resources", "components", "patches", "secretGenerator", "generatorOptions", "namespace", "images"];

    /// <summary>Each object of the rendered kustomization in <paramref name="directory"/>, as its own YAML document.</summary>
    public static IReadOnlyList<RenderedObject> Render(string directory)
    {
        var objects = new List<YamlMappingNode>();
        Accumulate(directory, "Kustomization", objects);
        return [.. objects.Select(obj =>
        {
            using var writer = new StringWriter();
            new YamlStream(new YamlDocument(obj)).Save(writer, assignAnchors: false);
            return new RenderedObject(obj["apiVersion"].ToString(), obj["kind"].ToString(), writer.ToString().TrimEnd().TrimEnd('.').TrimEnd());
        })];
    }

    /// <summary>Adds to <paramref name="objects"/> what the kustomization or component in <paramref name="directory"/> makes, and transforms them all.</summary>
    private static void Accumulate(string directory, string kind, List<YamlMappingNode> objects)
    {
        var kustomization = Load(Path.Combine(directory, "kustomization.yaml")).Single();
        foreach (var key in kustomization.Children.Keys.Select(k => k.ToString()))
        {
            Assert.True(Supported.Contains(key), $"{directory}: kustomization field '{key}' is not rendered by this test");
        }

        var declared = kustomization.Children.TryGetValue("kind", out var k) ? k.ToString() : "Kustomization";
        Assert.True(declared == kind, $"{directory}: a {declared} where a {kind} belongs");

        foreach (var resource in Sequence(kustomization, "resources"))
        {
            var path = Path.Combine(directory, resource.ToString());
            if (Directory.Exists(path))
            {
                // A resource directory is a kustomization built on its own; only its output joins this one.
                var built = new List<YamlMappingNode>();
                Accumulate(path, "Kustomization", built);
                objects.AddRange(built);
            }
            else
            {
                objects.AddRange(Load(path));
            }
        }

        foreach (var component in Sequence(kustomization, "components"))
        {
            Accumulate(Path.Combine(directory, component.ToString()), "Component", objects);
        }

        foreach (var generator in Sequence(kustomization, "secretGenerator").Cast<YamlMappingNode>())
        {
            objects.Add(Secret(generator));
        }

        foreach (var patch in Sequence(kustomization, "patches").Cast<YamlMappingNode>())
        {
            foreach (var change in Load(Path.Combine(directory, patch["path"].ToString())))
            {
                var target = objects.SingleOrDefault(o => o["kind"].ToString() == change["kind"].ToString() && Name(o) == Name(change))
                    ?? throw new InvalidOperationException($"{directory}: patch for {change["kind"]} {Name(change)} matches nothing");
                StrategicMerge.Merge(target, change);
            }
        }

        if (kustomization.Children.TryGetValue("namespace", out var ns))
        {
            NamespaceTransformer.Apply(ns.ToString(), objects);
        }

        foreach (var image in Sequence(kustomization, "images").Cast<YamlMappingNode>())
        {
            ImageTransformer.Apply(image, objects);
        }
    }

    private static YamlMappingNode Secret(YamlMappingNode generator)
    {
        var data = new YamlMappingNode();
        foreach (var literal in Sequence(generator, "literals").Select(l => l.ToString()))
        {
            var at = literal.IndexOf('=');
            data.Add(literal[..at], Convert.ToBase64String(Encoding.UTF8.GetBytes(literal[(at + 1)..])));
        }

        return new YamlMappingNode(
            "apiVersion", "v1", "kind", "Secret", "type", "Opaque",
            "metadata", new YamlMappingNode("name", generator["name"].ToString()),
            "data", data);
    }

    private static List<YamlMappingNode> Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? ((YamlSequenceNode)value).Children : [];

    private static string Name(YamlMappingNode obj) => ((YamlMappingNode)obj["metadata"])["name"].ToString();
}

/// <summary>One object of a rendered kustomization: its type, and the YAML <c>kubectl kustomize</c> would print for it.</summary>
public sealed record RenderedObject(string ApiVersion, string Kind, string Yaml);
