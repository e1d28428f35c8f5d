using System.Net;

namespace MeshCall.Gateway.Tests.Hosting;

/// <summary>An embedded gateway is its cluster's silo, and serves the Orleans dashboard at <c>/dashboard</c> as every silo does.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DashboardTests(EmbeddedGateway gateway)
{
    [Fact]
    public async Task The_embedded_silo_serves_the_orleans_dashboard()
    {
        using var http = new HttpClient();
        using var page = await http.GetAsync(new Uri(gateway.Http, "/dashboard"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }
}
