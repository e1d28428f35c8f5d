using System.Net.Http.Json;
using System.Text.Json;
using MeshCall.Client;
using static MeshCall.Testing.PrometheusText;

namespace MeshCall.Gateway.Tests;

/// <summary><c>/metrics</c> in Prometheus text: after traffic, the gateway's and the (embedded) silo's metrics have moved.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MetricsEndpointTests(EmbeddedGateway gateway) : IDisposable
{
    private readonly HttpClient _http = new();

    [Fact]
    public async Task Signals_latency_joins_errors_rooms_and_negotiation_reports_show_in_the_scrape()
    {
        var metrics = new Uri(gateway.Http, "/metrics");
        var before = await ScrapeAsync(_http, metrics);
        var room = "metrics-" + Guid.NewGuid().ToString("N");
        await using var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await a.JoinAsync(room, "a");
        var joinedB = await b.JoinAsync(room, "b");
        await a.SignalAsync(joinedB.PeerId, "offer", """{"sdp":"v=0"}""");
        await b.NextAsync("signal");
        Assert.Equal("unknown-peer", await Wait.ErrorCodeAsync(() => a.SignalAsync("AAAAAAAAAAAAAAAAAAAAAA", "offer", "{}")));

        // Reports are cumulative and repeated every few seconds: counted once, and by what grew.
        var report = $$"""[{"peerId":"{{joinedB.PeerId}}","state":"connected","connectMs":321,"glare":1,"iceRestarts":2}]""";
        await a.StatsAsync(report);
        await a.StatsAsync(report);
        await a.StatsAsync($$"""[{"peerId":"{{joinedB.PeerId}}","state":"failed","connectMs":321,"glare":1,"iceRestarts":3}]""");

        var after = await ScrapeAsync(_http, metrics);
        double Moved(string metric, params string[] labels) => Sum(after, metric, labels) - Sum(before, metric, labels);
        Assert.Equal(1, Moved("meshcall_gateway_signals_total", "type=\"offer\""));
        Assert.Equal(1, Moved("meshcall_gateway_relay_latency_milliseconds_count"));
        Assert.Equal(2, Moved("meshcall_gateway_joins_total", "kind=\"join\""));
        Assert.Equal(1, Moved("meshcall_gateway_errors_total", "code=\"unknown-peer\""));
        Assert.Equal(2, Moved("meshcall_gateway_connections", "transport=\"ws\""));
        Assert.Equal(1, Moved("meshcall_rooms_active"));
        Assert.Equal(2, Moved("meshcall_peers_active"));
        Assert.Equal(1, Moved("meshcall_negotiation_connect_time_milliseconds_count"));
        Assert.Equal(321, Moved("meshcall_negotiation_connect_time_milliseconds_sum"));
        Assert.Equal(1, Moved("meshcall_negotiation_glare_total"));
        Assert.Equal(3, Moved("meshcall_negotiation_ice_restarts_total"));
        Assert.Equal(1, Moved("meshcall_negotiation_failed_pairs_total"));
    }

    [Fact]
    public async Task The_scrape_names_the_service_its_version_and_this_instance()
    {
        var scrape = await ScrapeAsync(_http, new Uri(gateway.Http, "/metrics"));
        var version = (await _http.GetFromJsonAsync<JsonElement>(new Uri(gateway.Http, "/version"))).GetProperty("version").GetString();

        var target = Assert.Single(scrape.Split('\n'), line => line.StartsWith("target_info{", StringComparison.Ordinal));
        Assert.Contains("service_name=\"meshcall-gateway\"", target);
        Assert.Contains($"service_version=\"{version}\"", target);
        Assert.Contains($"service_instance_id=\"{Environment.MachineName}:{Environment.ProcessId}\"", target);
    }

    public void Dispose() => _http.Dispose();
}
