using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MeshCall.Manifests.Tests;

/// <summary>
/// What a Markdown file links to and which anchors its headings make, read the way GitHub renders it for the
/// constructs these documents use: inline links and images, reference definitions, ATX headings. Code is not
/// prose: fenced blocks and code spans are skipped, so an example such as <c>[x](y)</c> in code is no link.
/// </summary>
public sealed partial class MarkdownDocument
{
    private MarkdownDocument(IReadOnlyList<string> links, IReadOnlySet<string> anchors) => (Links, Anchors) = (links, anchors);

    /// <summary>Every link target, as written (a URL, a path, a path with <c>#anchor</c>, or <c>#anchor</c> alone).</summary>
    public IReadOnlyList<string> Links { get; }

    /// <summary>The anchors GitHub gives this file's headings.</summary>
    public IReadOnlySet<string> Anchors { get; }

    public static MarkdownDocument Parse(string markdown)
    {
        var prose = new StringBuilder(markdown.Length);
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string? fence = null;
        foreach (var line in markdown.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            var trimmed = line.TrimStart();
            if (fence is not null)
            {
                // A fence closes with at least as many of the same character.
                fence = trimmed.StartsWith(fence, StringComparison.Ordinal) && trimmed.Trim(fence[0]).Length == 0 ? null : fence;
                continue;
            }

            if (Fence().Match(trimmed) is { Success: true } opening)
            {
                fence = opening.Value;
                continue;
            }

            prose.Append(CodeSpan().Replace(line, string.Empty)).Append('\n');
            if (Heading().Match(line) is { Success: true } heading)
            {
                var slug = Slug(heading.Groups["text"].Value);
                // GitHub numbers repeated headings: the second "x" is "x-1".
                var count = seen.GetValueOrDefault(slug);
                seen[slug] = count + 1;
                anchors.Add(count == 0 ? slug : $"{slug}-{count}");
            }
        }

        // Matched over the whole text: a link's text may run over a line break.
        var text = prose.ToString();
        List<string> links =
        [
            .. InlineLink().Matches(text).Select(m => m.Groups["target"].Value),
            .. Definition().Matches(text).Select(m => m.Groups["target"].Value),
        ];
        return new MarkdownDocument(links, anchors);
    }

    /// <summary>
    /// GitHub's anchor for a heading: its rendered text (link text kept, code kept without backticks, tags dropped),
    /// lower-cased, every character that is not a letter, digit, mark, space, '-' or '_' removed (so '*' emphasis
    /// falls out), each space a '-'.
    /// </summary>
    public static string Slug(string heading)
    {
        var text = InlineLink().Replace(heading, m => m.Groups["text"].Value);
        text = HtmlTag().Replace(text, string.Empty).Replace("`", string.Empty, StringComparison.Ordinal);
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsLetterOrDigit(c) || c is '-' or '_'
                || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation)
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    [GeneratedRegex(@"^(`{3,}|~{3,})")]
    private static partial Regex Fence();

    [GeneratedRegex(@"(`+).+?\1")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\[(?<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?(?<target>[^)\s>]*)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^ {0,3}\[[^\]]+\]:[ \t]*<?(?<target>[^\s>]+)>?", RegexOptions.Multiline)]
    private static partial Regex Definition();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.*?)(?:\s+#+)?\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex HtmlTag();
}
