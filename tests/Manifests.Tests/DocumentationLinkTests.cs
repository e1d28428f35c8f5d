namespace MeshCall.Manifests.Tests;

/// <summary>
/// The README and the documents beside it work from a clone: every relative link names a file or folder inside the
/// repository (not one that happens to sit next to this checkout), and every <c>#anchor</c> into a Markdown file
/// names one of its headings.
/// </summary>
public sealed class DocumentationLinkTests
{
    private static readonly string Root = RenderedOverlay.RepositoryRoot;

    /// <summary>The Markdown at the top of the repository (README, CONTRIBUTING, CHANGELOG) and everything in <c>docs/</c>.</summary>
    public static TheoryData<string> Documents =>
    [
        .. Directory.GetFiles(Root, "*.md").Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md"))
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/')).Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_resolves_inside_the_repository_and_every_anchor_to_a_heading(string document)
    {
        var path = Path.Combine(Root, document);
        var broken = MarkdownDocument.Parse(File.ReadAllText(path)).Links
            .Where(IsRelative)
            .Select(link => (Link: link, Problem: Problem(path, link)))
            .Where(l => l.Problem is not null)
            .Select(l => $"{document}: ({l.Link}) {l.Problem}")
            .ToList();

        Assert.True(broken.Count == 0, string.Join(Environment.NewLine, broken));
    }

    [Fact]
    public void The_readme_links_the_protocol_reference_kept_in_the_repository()
    {
        var links = MarkdownDocument.Parse(File.ReadAllText(Path.Combine(Root, "README.md"))).Links;
        Assert.Contains("docs/protocol.md", links);
        Assert.True(File.Exists(Path.Combine(Root, "docs", "protocol.md")));
    }

    [Theory]
    [InlineData("Run it", "run-it")]
    [InlineData("Use it from .NET", "use-it-from-net")]
    [InlineData("SignalR hub: `/hubs/mesh`", "signalr-hub-hubsmesh")]
    [InlineData("What is checked, and where", "what-is-checked-and-where")]
    [InlineData("`seq`", "seq")]
    [InlineData("STUN / TURN", "stun--turn")]
    [InlineData("The [protocol](docs/protocol.md) in 5 minutes", "the-protocol-in-5-minutes")]
    public void Headings_get_the_anchors_github_gives_them(string heading, string anchor) =>
        Assert.Equal(anchor, MarkdownDocument.Slug(heading));

    [Fact]
    public void A_repeated_heading_gets_a_numbered_anchor_a_link_may_run_over_a_line_and_code_is_neither()
    {
        var document = MarkdownDocument.Parse("""
            # Notes
            ## Notes
            See `[not](a-link.md)`.
            ```md
            # Not a heading
            [also not](a-link.md)
            ```
            [a link whose text
            runs over a line](real.md#notes-1)
            """);

        Assert.Equal(["notes", "notes-1"], document.Anchors.Order(StringComparer.Ordinal));
        Assert.Equal(["real.md#notes-1"], document.Links);
    }

    /// <summary>Why the link does not work from a clone, or null when it does.</summary>
    private static string? Problem(string document, string link)
    {
        var hash = link.IndexOf('#', StringComparison.Ordinal);
        var target = Uri.UnescapeDataString(hash < 0 ? link : link[..hash]);
        var anchor = hash < 0 ? null : link[(hash + 1)..];
        var resolved = target.Length == 0 ? document : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, target));

        if (!resolved.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return "points outside the repository";
        }

        if (!File.Exists(resolved) && !Directory.Exists(resolved))
        {
            return "no such file or folder";
        }

        if (anchor is null || !resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return MarkdownDocument.Parse(File.ReadAllText(resolved)).Anchors.Contains(anchor) ? null : $"no heading makes #{anchor}";
    }

    /// <summary>Links with a scheme (https:, mailto:) or protocol-relative ones leave the repository on purpose.</summary>
    private static bool IsRelative(string link) =>
        link.Length > 0 && !link.StartsWith("//", StringComparison.Ordinal) && !System.Text.RegularExpressions.Regex.IsMatch(link, "^[A-Za-z][A-Za-z0-9+.-]*:");
}
