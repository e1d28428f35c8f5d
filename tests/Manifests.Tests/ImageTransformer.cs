using YamlDotNet.RepresentationModel;

namespace MeshCall.Manifests.Tests;

/// <summary>
/// A kustomization's <c>images:</c> as kustomize applies them: every <c>containers</c> or <c>initContainers</c> item,
/// wherever it sits in an object, whose image name (without tag or digest) is the entry's <c>name</c> gets
/// <c>newName</c>, and <c>newTag</c> or <c>digest</c> in place of its tag.
/// </summary>
public static class ImageTransformer
{
    private static readonly HashSet<string> Supported = ["name", "newName", "newTag", "digest"];

    public static void Apply(YamlMappingNode entry, IEnumerable<YamlMappingNode> objects)
    {
        var fields = entry.Children.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value.ToString());
        Assert.All(fields.Keys, key => Assert.True(Supported.Contains(key), $"images field '{key}' is not rendered by this test"));
        foreach (var obj in objects)
        {
            Visit(obj, fields);
        }
    }

    private static void Visit(YamlNode node, Dictionary<string, string> entry)
    {
        if (node is YamlSequenceNode list)
        {
            foreach (var item in list.Children)
            {
                Visit(item, entry);
            }
        }
        else if (node is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                if (key.ToString() is "containers" or "initContainers" && value is YamlSequenceNode containers)
                {
                    foreach (var container in containers.Children.OfType<YamlMappingNode>().Where(c => c.Children.ContainsKey("image")))
                    {
                        container.Children["image"] = Update(container["image"].ToString(), entry);
                    }
                }

                Visit(value, entry);
            }
        }
    }

    private static string Update(string image, Dictionary<string, string> entry)
    {
        var (name, tag, digest) = Split(image);
        if (name != entry["name"])
        {
            return image;
        }

        name = entry.GetValueOrDefault("newName", name);
        if (entry.TryGetValue("newTag", out var newTag))
        {
            (tag, digest) = (newTag, null);
        }

        if (entry.TryGetValue("digest", out var newDigest))
        {
            (tag, digest) = (entry.ContainsKey("newTag") ? tag : null, newDigest);
        }

        return name + (tag is null ? string.Empty : ":" + tag) + (digest is null ? string.Empty : "@" + digest);
    }

    /// <summary>A tag's colon comes after the last slash, so a registry's port (<c>host:5000/x</c>) is not one.</summary>
    private static (string Name, string? Tag, string? Digest) Split(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var digest = at < 0 ? null : image[(at + 1)..];
        var rest = at < 0 ? image : image[..at];
        var colon = rest.LastIndexOf(':');
        return colon > rest.LastIndexOf('/') ? (rest[..colon], rest[(colon + 1)..], digest) : (rest, null, digest);
    }
}
