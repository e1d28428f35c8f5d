using System.Diagnostics;

namespace MeshCall.Bench;

/// <summary>The commit a run measured, for the report: numbers are only comparable with the code they came from.</summary>
public static class CodeVersion
{
    public static string Describe()
    {
        var commit = Git("rev-parse --short HEAD");
        if (commit is null)
        {
            return "unknown (not a git checkout)";
        }

        return string.IsNullOrEmpty(Git("status --porcelain --untracked-files=no")) ? commit : $"{commit} with uncommitted changes";
    }

    private static string? Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
