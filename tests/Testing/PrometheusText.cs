using System.Globalization;
using System.Text.RegularExpressions;

namespace MeshCall.Testing;

/// <summary>Reads a Prometheus text exposition: the sum of a metric's samples whose labels include the ones given.</summary>
public static partial class PrometheusText
{
    public static async Task<string> ScrapeAsync(HttpClient http, Uri metrics)
    {
        using var response = await http.GetAsync(metrics);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum over samples of <paramref name="metric"/> carrying every label in <paramref name="labels"/> (e.g. <c>type="offer"</c>); 0 if none.</summary>
    public static double Sum(string exposition, string metric, params string[] labels) =>
        Sample().Matches(exposition)
            .Where(m => m.Groups["name"].Value == metric && labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    public static bool Has(string exposition, string metric) => Sample().Matches(exposition).Any(m => m.Groups["name"].Value == metric);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>[-+0-9.eE]+|NaN|\+Inf|-Inf)(\s+\d+)?$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
