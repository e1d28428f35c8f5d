using System.Text.Json;
using System.Text.RegularExpressions;

namespace MeshCall.Packages.Tests;

/// <summary>
/// meshcall.d.ts as a TypeScript app sees it: the package installed from its tarball with npm, a typed example
/// (typescript/example) checked by <c>tsc --noEmit</c>, the TypeScript that scripts/deps.sh installs from
/// typescript/package-lock.json.
/// </summary>
public sealed partial class TypeDeclarationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static string Example => Repository.PathOf("tests", "Packages.Tests", "typescript", "example");

    private static string Tsc => Repository.PathOf("tests", "Packages.Tests", "typescript", "node_modules", "typescript", "bin", "tsc");

    [Fact]
    public async Task The_typed_example_compiles_against_the_installed_package_and_each_wrong_use_is_an_error()
    {
        using var app = await InstalledAppAsync();

        // wrong-uses.ts marks each wrong use @ts-expect-error: tsc fails if one of them compiles after all.
        var result = await Tool.RunAsync("node", [Tsc, "-p", app["tsconfig.json"], "--pretty", "false"], app.Path, Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Without_their_expect_error_marks_the_wrong_uses_fail_to_compile_each_on_its_own_line()
    {
        using var app = await InstalledAppAsync();
        var lines = await File.ReadAllLinesAsync(app["wrong-uses.ts"]);
        var wrong = Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("// @ts-expect-error", StringComparison.Ordinal))
            .Select(i => i + 2) // the 1-based number of the line after the mark
            .ToList();
        Assert.True(wrong.Count >= 5, "wrong-uses.ts should show several wrong uses");
        await File.WriteAllLinesAsync(app["wrong-uses.ts"], lines.Select(line => line.StartsWith("// @ts-expect-error", StringComparison.Ordinal) ? "" : line));

        var result = await Tool.RunAsync("node", [Tsc, "-p", app["tsconfig.json"], "--pretty", "false"], app.Path, Timeout);

        Assert.NotEqual(0, result.ExitCode);
        var errors = TscError().Matches(result.Output).Select(m => (File: m.Groups[1].Value, Line: int.Parse(m.Groups[2].Value))).ToList();
        Assert.All(errors, error => Assert.Equal("wrong-uses.ts", error.File)); // the example itself stays clean
        Assert.Equal(wrong, errors.Select(error => error.Line).Distinct().Order());
    }

    [Fact]
    public async Task The_declared_methods_of_MeshClient_are_exactly_those_meshcall_js_has()
    {
        var declarations = await File.ReadAllTextAsync(Path.Combine(NpmPackage.Source, "meshcall.d.ts"));
        var body = ClassBody().Match(declarations);
        Assert.True(body.Success, "meshcall.d.ts declares no class MeshClient");
        var declared = DeclaredMethod().Matches(body.Groups[1].Value).Select(m => m.Groups[1].Value).Where(name => name != "constructor");

        // The module's own prototype, loaded by node (it touches no browser API until a client is made).
        var library = new Uri(Path.Combine(NpmPackage.Source, "meshcall.js")).AbsoluteUri;
        var script = $"const {{ MeshClient }} = await import('{library}'); console.log(JSON.stringify(Object.getOwnPropertyNames(MeshClient.prototype)));";
        var listed = await Tool.RunOkAsync("node", ["--input-type=module", "-e", script], NpmPackage.Source, Timeout);
        var actual = JsonSerializer.Deserialize<string[]>(listed.Output)!.Where(name => name != "constructor");

        Assert.Equal(actual.Order(), declared.Distinct().Order());
    }

    /// <summary>A folder like a TypeScript app's: the example's files, and meshcall installed by npm from the tarball.</summary>
    private static async Task<TempFolder> InstalledAppAsync()
    {
        var app = new TempFolder();
        foreach (var file in Directory.GetFiles(Example))
        {
            File.Copy(file, app[Path.GetFileName(file)]);
        }

        var package = await NpmPackage.PackAsync(app.Path);
        await Tool.RunOkAsync("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", package.Tarball], app.Path, Timeout);
        Assert.True(File.Exists(app[Path.Combine("node_modules", "meshcall", "meshcall.d.ts")]));
        return app;
    }

    [GeneratedRegex(@"^([\w.-]+)\((\d+),\d+\): error TS\d+", RegexOptions.Multiline)]
    private static partial Regex TscError();

    [GeneratedRegex(@"export class MeshClient[^{]*\{(.*?)^\}", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex ClassBody();

    [GeneratedRegex(@"^  (\w+)(?:<[^(]*>)?\(", RegexOptions.Multiline)]
    private static partial Regex DeclaredMethod();
}
