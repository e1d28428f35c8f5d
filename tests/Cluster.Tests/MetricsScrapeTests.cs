using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MeshCall.Client;
using static MeshCall.Testing.PrometheusText;

namespace MeshCall.Cluster.Tests;

/// <summary>Every process serves <c>/metrics</c> (after cross-gateway traffic, gateways and silos show it), and silos the Orleans dashboard.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class MetricsScrapeTests(ClusterFixture cluster) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public Task Gateways_count_relays_and_their_latency_and_silos_count_the_rooms_and_peers_they_hold() => cluster.RunAsync(async () =>
    {
        var receiving = new Uri(cluster.Gateway2.HttpUri, "metrics");
        var before = await ScrapeAsync(_http, receiving);
        var room = Mesh.NewRoom();
        await using var a = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri);
        await using var b = await MeshCallClient.ConnectAsync(cluster.Gateway2.WebSocketUri);
        await a.JoinAsync(room, "a");
        var joinedB = await b.JoinAsync(room, "b");
        await a.ExpectEventAsync("peer-joined");
        await a.SignalAsync(joinedB.PeerId, "answer", """{"sdp":"v=0"}""");
        await b.ExpectEventAsync("signal");

        var after = await ScrapeAsync(_http, receiving);
        Assert.Equal(1, Sum(after, "meshcall_gateway_relay_latency_milliseconds_count") - Sum(before, "meshcall_gateway_relay_latency_milliseconds_count"));
        Assert.Equal(1, Sum(after, "meshcall_gateway_joins_total", "kind=\"join\"") - Sum(before, "meshcall_gateway_joins_total", "kind=\"join\""));
        var sending = await ScrapeAsync(_http, new Uri(cluster.Gateway1.HttpUri, "metrics"));
        Assert.True(Sum(sending, "meshcall_gateway_signals_total", "type=\"answer\"") >= 1, "the sending gateway counted no answer");

        var silos = await Task.WhenAll(cluster.Silos.Select(s => ScrapeAsync(_http, new Uri(s.HttpUri, "metrics"))));
        // A silo that has held no session yet has no sample: the instrument appears with its first measurement.
        Assert.Contains(silos, scrape => Has(scrape, "meshcall_peers_active"));
        Assert.True(silos.Sum(s => Sum(s, "meshcall_peers_active")) >= 2);
        Assert.True(silos.Sum(s => Sum(s, "meshcall_rooms_active")) >= 1);
    });

    [Fact]
    public Task Each_process_names_its_service_and_itself_in_the_scrape() => cluster.RunAsync(async () =>
    {
        var processes = cluster.Silos.Select(s => (s, "meshcall-silo")).Concat([(cluster.Gateway1, "meshcall-gateway"), (cluster.Gateway2, "meshcall-gateway")]);
        var instances = new HashSet<string>();
        foreach (var (process, service) in processes)
        {
            var scrape = await ScrapeAsync(_http, new Uri(process.HttpUri, "metrics"));
            var target = Assert.Single(scrape.Split('\n'), line => line.StartsWith("target_info{", StringComparison.Ordinal));
            Assert.Contains($"service_name=\"{service}\"", target);
            var version = (await _http.GetFromJsonAsync<JsonElement>(new Uri(process.HttpUri, "version"))).GetProperty("version").GetString();
            Assert.Contains($"service_version=\"{version}\"", target);
            Assert.True(instances.Add(ServiceInstanceId().Match(target).Value), $"{process.Name} has another's instance id: {target}");
        }
    });

    [Fact]
    public Task Each_silo_serves_the_orleans_dashboard() => cluster.RunAsync(async () =>
    {
        foreach (var silo in cluster.Silos)
        {
            using var page = await _http.GetAsync(new Uri(silo.HttpUri, "dashboard"));
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("text/html", page.Content.Headers.ContentType?.MediaType);
        }
    });

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("service_instance_id=\"[^\"]+\"")]
    private static partial Regex ServiceInstanceId();
}
