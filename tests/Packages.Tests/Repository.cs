using System.Xml.Linq;

namespace MeshCall.Packages.Tests;

/// <summary>The checkout these tests were built from, and what it says about itself.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The one version of everything: <c>&lt;Version&gt;</c> in Directory.Build.props.</summary>
    public static string Version =>
        XDocument.Load(PathOf("Directory.Build.props")).Descendants("Version").Single().Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MeshCall.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No MeshCall.sln above {AppContext.BaseDirectory}.");
    }
}
