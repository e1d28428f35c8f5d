using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MeshCall.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class HealthEndpointTests(EmbeddedGateway gateway)
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_endpoints_answer_ok_once_the_embedded_silo_is_up(string path)
    {
        using var http = new HttpClient { BaseAddress = gateway.Http };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Version_names_protocol_1()
    {
        using var http = new HttpClient { BaseAddress = gateway.Http };
        var version = await http.GetFromJsonAsync<JsonElement>("/version");
        Assert.Equal(1, version.GetProperty("protocol").GetInt32());
        Assert.False(string.IsNullOrEmpty(version.GetProperty("version").GetString()));
    }
}
