using System.Text.RegularExpressions;

namespace MeshCall.Manifests.Tests;

/// <summary>The image runs what the benchmark measured.</summary>
public sealed partial class DockerfileTests
{
    [Fact]
    public void The_image_runs_both_processes_on_server_gc()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RenderedOverlay.RepositoryRoot, "Dockerfile"));
        var settings = GcServer().Matches(dockerfile).Select(m => m.Groups[1].Value).ToList();

        // One setting, for whichever APP the image is built with; 0 would be workstation GC.
        Assert.Equal(["1"], settings);
    }

    [GeneratedRegex(@"\bDOTNET_gcServer=(\S+)")]
    private static partial Regex GcServer();
}
