namespace MeshCall.Cluster.Tests;

/// <summary>
/// Finds the silo and gateway builds that the project references put next to this one: same repository,
/// same configuration and framework folder as the test assembly (bin/Debug/net10.0, bin/Release/net10.0).
/// </summary>
internal static class BuildOutput
{
    public static string SiloDll => Find("Silo", "MeshCall.Silo.dll");

    public static string GatewayDll => Find("Gateway", "MeshCall.Gateway.dll");

    private static string Find(string project, string assembly)
    {
        var testBin = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var framework = testBin.Name;
        var configuration = testBin.Parent?.Name
            ?? throw new InvalidOperationException($"Cannot tell the build configuration from {testBin.FullName}.");
        var path = Path.Combine(FindRepositoryRoot(testBin).FullName, "src", project, "bin", configuration, framework, assembly);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{assembly} is not built; building this test project builds it first.", path);
    }

    /// <summary>The checkout these tests were built from.</summary>
    public static DirectoryInfo RepositoryRoot => FindRepositoryRoot(new DirectoryInfo(AppContext.BaseDirectory));

    private static DirectoryInfo FindRepositoryRoot(DirectoryInfo start)
    {
        for (var dir = start; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MeshCall.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"No MeshCall.sln above {start.FullName}.");
    }
}
