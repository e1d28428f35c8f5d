using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace MeshCall.Packages.Tests;

/// <summary>
/// The browser library's npm package as <c>npm pack</c> makes it from the gateway's wwwroot, read back from the
/// tarball: its files (paths inside <c>package/</c>) and its package.json.
/// </summary>
internal sealed class NpmPackage
{
    public static string Source => Repository.PathOf("src", "Gateway", "wwwroot");

    public required string Tarball { get; init; }

    public required IReadOnlyDictionary<string, string> Files { get; init; }

    public JsonElement Manifest => JsonDocument.Parse(Files["package.json"]).RootElement;

    public static async Task<NpmPackage> PackAsync(string destination)
    {
        var packed = await Tool.RunOkAsync(
            "npm", ["pack", "--pack-destination", destination, "--json", "--loglevel=error"], Source, TimeSpan.FromMinutes(2));
        var tarball = Path.Combine(destination, JsonDocument.Parse(packed.Output).RootElement[0].GetProperty("filename").GetString()!);
        return new NpmPackage { Tarball = tarball, Files = await ReadAsync(tarball) };
    }

    private static async Task<Dictionary<string, string>> ReadAsync(string tarball)
    {
        var files = new Dictionary<string, string>();
        await using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            if (entry.DataStream is null)
            {
                continue;
            }

            Assert.StartsWith("package/", entry.Name);
            using var reader = new StreamReader(entry.DataStream);
            files[entry.Name["package/".Length..]] = await reader.ReadToEndAsync();
        }

        return files;
    }
}
