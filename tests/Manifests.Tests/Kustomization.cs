using System.Text;
using YamlDotNet.RepresentationModel;

namespace MeshCall.Manifests.Tests;

/// <summary>
/// Renders a kustomization the way <c>kubectl kustomize</c> does for the features <c>k8s/</c> uses: resources (files
/// and directories), strategic-merge patches by kind and name (lists of named items merged by name), and secret
/// generators with literals. Anything else in a kustomization fails the render, so nothing is silently ignored.
/// </summary>
public static class Kustomization
{
    private static readonly HashSet<string> Supported = ["apiVersion", "kind", "resources", "patches", "secretGenerator", "generatorOptions"];

    public static string Render(string directory)
    {
        return string.Join("\n---\n", RenderObjects(directory).Select(obj =>
        {
            using var writer = new StringWriter();
            new YamlStream(new YamlDocument(obj)).Save(writer, assignAnchors: false);
            return writer.ToString().TrimEnd().TrimEnd('.').TrimEnd();
        }));
    }

    private static List<YamlMappingNode> RenderObjects(string directory)
    {
        var kustomization = Load(Path.Combine(directory, "kustomization.yaml")).Single();
        foreach (var key in kustomization.Children.Keys.Select(k => k.ToString()))
        {
            Assert.True(Supported.Contains(key), $"{directory}: kustomization field '{key}' is not rendered by this test");
        }

        var objects = new List<YamlMappingNode>();
        foreach (var resource in Sequence(kustomization, "resources"))
        {
            var path = Path.Combine(directory, resource.ToString());
            objects.AddRange(Directory.Exists(path) ? RenderObjects(path) : Load(path));
        }

        foreach (var patch in Sequence(kustomization, "patches").Cast<YamlMappingNode>())
        {
            foreach (var change in Load(Path.Combine(directory, patch["path"].ToString())))
            {
                var target = objects.SingleOrDefault(o => Same(o, change, "kind") && Name(o) == Name(change))
                    ?? throw new InvalidOperationException($"{directory}: patch for {change["kind"]} {Name(change)} matches nothing");
                Merge(target, change);
            }
        }

        foreach (var generator in Sequence(kustomization, "secretGenerator").Cast<YamlMappingNode>())
        {
            var data = new YamlMappingNode();
            foreach (var literal in Sequence(generator, "literals").Select(l => l.ToString()))
            {
                var at = literal.IndexOf('=');
                data.Add(literal[..at], Convert.ToBase64String(Encoding.UTF8.GetBytes(literal[(at + 1)..])));
            }

            objects.Add(new YamlMappingNode(
                "apiVersion", "v1", "kind", "Secret", "type", "Opaque",
                "metadata", new YamlMappingNode("name", generator["name"].ToString()),
                "data", data));
        }

        return objects;
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

    private static bool Same(YamlMappingNode a, YamlMappingNode b, string key) => a[key].ToString() == b[key].ToString();

    /// <summary>Strategic merge as Kubernetes does it for these objects: maps deep, named lists by name, anything else replaced.</summary>
    private static void Merge(YamlMappingNode target, YamlMappingNode patch)
    {
        foreach (var (key, value) in patch.Children)
        {
            if (!target.Children.TryGetValue(key, out var existing))
            {
                target.Children[key] = value;
            }
            else if (existing is YamlMappingNode targetMap && value is YamlMappingNode patchMap)
            {
                Merge(targetMap, patchMap);
            }
            else if (existing is YamlSequenceNode targetList && value is YamlSequenceNode patchList && IsNamed(targetList) && IsNamed(patchList))
            {
                foreach (var item in patchList.Children.Cast<YamlMappingNode>())
                {
                    var match = targetList.Children.Cast<YamlMappingNode>().FirstOrDefault(t => t["name"].ToString() == item["name"].ToString());
                    if (match is null)
                    {
                        targetList.Children.Add(item);
                    }
                    else
                    {
                        Merge(match, item);
                    }
                }
            }
            else
            {
                target.Children[key] = value;
            }
        }
    }

    private static bool IsNamed(YamlSequenceNode list) =>
        list.Children.All(c => c is YamlMappingNode m && m.Children.ContainsKey("name"));
}
