using System.Globalization;
using System.Text;
using MeshCall.Bench.Scenarios;

namespace MeshCall.Bench.Report;

/// <summary>
/// The relay ramp as an SVG line chart: p99 latency (log scale) against the offered rate, one line per target, with
/// the 20 ms budget drawn across. Plain SVG, written by hand: it needs no native graphics library.
/// </summary>
public static class RelayChart
{
    public const string FileName = "relay-latency.svg";

    private const int Width = 820, Height = 480, Left = 70, Right = 200, Top = 40, Bottom = 60;
    private static readonly string[] Colors = ["#1f77b4", "#17becf", "#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b"];

    public static string Render(IReadOnlyList<RelayResult> relay)
    {
        var points = relay.SelectMany(r => r.Steps).Where(s => !double.IsNaN(s.Latency.P99)).ToArray();
        var maxRate = points.Length == 0 ? 1000 : points.Max(s => s.Offered);
        var (minMs, maxMs) = (0.1, Math.Max(1000, points.Length == 0 ? 1 : points.Max(s => s.Latency.P99)));
        double X(double rate) => Left + rate / maxRate * (Width - Left - Right);
        double Y(double ms) => Top + (1 - (Math.Log10(Math.Clamp(ms, minMs, maxMs)) - Math.Log10(minMs)) / (Math.Log10(maxMs) - Math.Log10(minMs))) * (Height - Top - Bottom);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" font-family="sans-serif" font-size="12">""").AppendLine();
        svg.AppendLine("""<rect width="100%" height="100%" fill="white"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="22" font-size="15">Relay: p99 latency against offered rate (1 KB signals, rooms of 4)</text>""").AppendLine();
        for (var ms = minMs; ms <= maxMs * 1.0001; ms *= 10)
        {
            Line(svg, Left, Y(ms), Width - Right, Y(ms), "#ddd");
            Text(svg, Left - 8, Y(ms) + 4, ms >= 1 ? $"{ms:0} ms" : $"{ms:0.#} ms", "end");
        }

        var tick = maxRate <= 2000 ? 500 : maxRate <= 20000 ? 5000 : 10000;
        for (var rate = 0; rate <= maxRate; rate += tick)
        {
            Line(svg, X(rate), Top, X(rate), Height - Bottom, "#eee");
            Text(svg, X(rate), Height - Bottom + 18, rate >= 1000 ? $"{rate / 1000}k" : $"{rate}", "middle");
        }

        Text(svg, (Left + Width - Right) / 2.0, Height - 15, "offered rate (signals/s)", "middle");
        Line(svg, Left, Y(RelayScenario.LatencyBudgetMs), Width - Right, Y(RelayScenario.LatencyBudgetMs), "#999", dashed: true);
        Text(svg, Width - Right - 4, Y(RelayScenario.LatencyBudgetMs) - 5, "20 ms budget", "end");

        for (var i = 0; i < relay.Count; i++)
        {
            var color = Colors[i % Colors.Length];
            var steps = relay[i].Steps.Where(s => !double.IsNaN(s.Latency.P99)).ToArray();
            var path = string.Join(' ', steps.Select(s => FormattableString.Invariant($"{X(s.Offered):F1},{Y(s.Latency.P99):F1}")));
            svg.Append(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{color}" stroke-width="2" points="{path}"/>""").AppendLine();
            foreach (var s in steps)
            {
                // A hollow marker is a step that lost signals or missed the budget.
                svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{X(s.Offered):F1}" cy="{Y(s.Latency.P99):F1}" r="3.5" fill="{(s.Passed ? color : "white")}" stroke="{color}"/>""").AppendLine();
            }

            var legendY = Top + 10 + (i * 20);
            Line(svg, Width - Right + 15, legendY, Width - Right + 40, legendY, color, width: 2);
            Text(svg, Width - Right + 46, legendY + 4, relay[i].Target, "start");
        }

        Text(svg, Width - Right + 15, Top + 20 + (relay.Count * 20), "hollow: loss or > 20 ms", "start");
        return svg.AppendLine("</svg>").ToString();
    }

    private static void Line(StringBuilder svg, double x1, double y1, double x2, double y2, string color, bool dashed = false, int width = 1) =>
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{x1:F1}" y1="{y1:F1}" x2="{x2:F1}" y2="{y2:F1}" stroke="{color}" stroke-width="{width}"{(dashed ? " stroke-dasharray=\"6,4\"" : "")}/>""").AppendLine();

    private static void Text(StringBuilder svg, double x, double y, string text, string anchor) =>
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:F1}" y="{y:F1}" text-anchor="{anchor}">{System.Security.SecurityElement.Escape(text)}</text>""").AppendLine();
}
