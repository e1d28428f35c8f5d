using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using MeshCall.Gateway.Sessions;
using MeshCall.Grains;
using MeshCall.Grains.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace MeshCall.Manifests.Tests;

/// <summary>The Grafana dashboard in <c>k8s/grafana</c> asks only for series the silos and gateways export, and shows each.</summary>
public sealed partial class GrafanaDashboardTests
{
    [Fact]
    public void Every_query_names_only_exported_series_and_every_metric_has_a_panel()
    {
        var exported = ExportedSeries();
        var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RenderedOverlay.RepositoryRoot, "k8s", "grafana", "meshcall-dashboard.json")));
        var queries = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();

        var used = queries.SelectMany(q => Series().Matches(q).Select(m => m.Value)).ToHashSet();
        Assert.All(used, series => Assert.Contains(series, exported));
        var shown = used.Select(Instrument).ToHashSet();
        Assert.All(exported.Select(Instrument).Distinct(), metric => Assert.Contains(metric, shown));
    }

    /// <summary>The Prometheus series of every MeshCall instrument, named as the OpenTelemetry exporter names them.</summary>
    internal static HashSet<string> ExportedSeries()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var gateway = new GatewayMetrics(meters);
        using var silo = new SiloMetrics(meters);
        _ = new WebhookMetrics(meters);
        var series = new HashSet<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (!instrument.Meter.Name.StartsWith("MeshCall", StringComparison.Ordinal))
                {
                    return;
                }

                var name = instrument.Name.Replace('.', '_') + (instrument.Unit == "ms" ? "_milliseconds" : string.Empty);
                var type = instrument.GetType().GetGenericTypeDefinition();
                if (type == typeof(Counter<>))
                {
                    series.Add(name + "_total");
                }
                else if (type == typeof(Histogram<>))
                {
                    series.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
                }
                else
                {
                    series.Add(name);
                }
            },
        };
        listener.Start();
        return series;
    }

    private static string Instrument(string series) => Regex.Replace(series, "_(total|bucket|sum|count)$", string.Empty);

    [GeneratedRegex(@"meshcall_[a-z_]+")]
    private static partial Regex Series();
}
