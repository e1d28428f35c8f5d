using YamlDotNet.RepresentationModel;

namespace MeshCall.Manifests.Tests;

/// <summary>Strategic merge as Kubernetes does it for the objects in <c>k8s/</c>: maps deep, named lists by name, anything else replaced.</summary>
public static class StrategicMerge
{
    public static void Merge(YamlMappingNode target, YamlMappingNode patch)
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
