using System.Text.Json;
using System.Text.RegularExpressions;

namespace MeshCall.Packages.Tests;

/// <summary><c>npm pack</c> in src/Gateway/wwwroot: the package a JavaScript app installs.</summary>
public sealed partial class NpmPackageTests
{
    [Fact]
    public async Task The_package_is_meshcall_at_the_repository_version_an_es_module_with_types_and_a_license()
    {
        using var temp = new TempFolder();
        var package = await NpmPackage.PackAsync(temp.Path);
        var manifest = package.Manifest;

        Assert.Equal($"meshcall-{Repository.Version}.tgz", Path.GetFileName(package.Tarball));
        Assert.Equal("meshcall", manifest.GetProperty("name").GetString());
        Assert.Equal(Repository.Version, manifest.GetProperty("version").GetString());
        Assert.Equal("module", manifest.GetProperty("type").GetString());
        Assert.Equal("MIT", manifest.GetProperty("license").GetString());
        Assert.Contains(TypesFile(manifest), package.Files.Keys);
        Assert.Contains("README.md", package.Files.Keys);
    }

    [Fact]
    public async Task The_tarball_holds_what_exports_names_and_every_module_those_import_and_no_other_script()
    {
        using var temp = new TempFolder();
        var package = await NpmPackage.PackAsync(temp.Path);

        var exported = Targets(package.Manifest.GetProperty("exports")).ToList();
        Assert.Contains("meshcall.js", exported);
        Assert.Contains("meshcall.d.ts", exported);
        foreach (var target in exported)
        {
            Assert.True(package.Files.ContainsKey(target), $"exports names {target}, which the tarball lacks");
        }

        // Every module reached from the entry point, through its relative imports, as a browser would load them.
        var reached = new HashSet<string>();
        var pending = new Queue<string>(exported.Where(target => target.EndsWith(".js", StringComparison.Ordinal)));
        while (pending.TryDequeue(out var module))
        {
            Assert.True(package.Files.TryGetValue(module, out var source), $"{module} is imported but not in the tarball");
            if (!reached.Add(module))
            {
                continue;
            }

            foreach (Match import in Import().Matches(source))
            {
                var specifier = import.Groups[1].Value;
                Assert.StartsWith(".", specifier); // the library has no dependencies
                pending.Enqueue(new Uri(new Uri("file:///package/" + module), specifier).AbsolutePath["/package/".Length..]);
            }
        }

        Assert.Contains("meshcall/peer-mesh.js", reached);
        // Nothing else runs: the demo page's own scripts (app.js, tiles.js) are not part of the library.
        var scripts = package.Files.Keys.Where(path => path.EndsWith(".js", StringComparison.Ordinal)).Order();
        Assert.Equal(reached.Order(), scripts);
    }

    /// <summary>Every file an <c>exports</c> map names, under any condition, without its leading <c>./</c>.</summary>
    private static IEnumerable<string> Targets(JsonElement exports) => exports.ValueKind switch
    {
        JsonValueKind.String => [exports.GetString()!.TrimStart('.', '/')],
        JsonValueKind.Object => exports.EnumerateObject().SelectMany(entry => Targets(entry.Value)),
        JsonValueKind.Array => exports.EnumerateArray().SelectMany(Targets),
        _ => [],
    };

    private static string TypesFile(JsonElement manifest) => manifest.GetProperty("types").GetString()!.TrimStart('.', '/');

    [GeneratedRegex("""^(?:import|export) .* from '([^']+)';""", RegexOptions.Multiline)]
    private static partial Regex Import();
}
