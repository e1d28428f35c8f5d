using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MeshCall.Client;

namespace MeshCall.Cluster.Tests;

/// <summary>The admin API of one gateway sees every room of the cluster, whichever gateway and silo it lives on.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AdminApiClusterTests(ClusterFixture cluster) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public Task Rooms_made_through_both_gateways_are_all_listed_and_can_be_closed_from_either() => cluster.RunAsync(async () =>
    {
        var prefix = "admin-" + Guid.NewGuid().ToString("N")[..8];
        var clients = new List<MeshCallClient>();
        try
        {
            for (var r = 0; r < 9; r++)
            {
                var client = await MeshCallClient.ConnectAsync((r % 2 == 0 ? cluster.Gateway1 : cluster.Gateway2).WebSocketUri);
                clients.Add(client);
                await client.JoinAsync($"{prefix}-{r}", "m");
            }

            var listing = await GetAsync(cluster.Gateway1, "admin/rooms?pageSize=500");
            var listed = listing.GetProperty("rooms").EnumerateArray().Select(r => r.GetProperty("room").GetString()!).Where(r => r.StartsWith(prefix, StringComparison.Ordinal));
            Assert.Equal(Enumerable.Range(0, 9).Select(r => $"{prefix}-{r}"), listed.Order(StringComparer.Ordinal));

            using var close = new HttpRequestMessage(HttpMethod.Delete, new Uri(cluster.Gateway2.HttpUri, $"admin/rooms/{prefix}-0"));
            close.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ClusterFixture.AdminKey);
            (await _http.SendAsync(close)).EnsureSuccessStatusCode();
            Assert.Equal("kicked", (await clients[0].ExpectEventAsync("closed")).GetProperty("reason").GetString());
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    });

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> GetAsync(ServiceProcess gateway, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.HttpUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ClusterFixture.AdminKey);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
