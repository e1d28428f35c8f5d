using System.Net;
using System.Text.RegularExpressions;

namespace MeshCall.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed partial class BrowserClientAssetTests(EmbeddedGateway gateway)
{
    [Fact]
    public async Task The_library_is_an_es_module_exporting_MeshClient_and_every_module_it_imports_is_served()
    {
        using var http = new HttpClient { BaseAddress = gateway.Http };
        var library = await GetScriptAsync(http, "/meshcall.js");
        Assert.Contains("export class MeshClient", library);

        var imports = Import().Matches(library).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(imports);
        foreach (var path in imports)
        {
            Assert.DoesNotContain("//", path); // nothing fetched from another origin
            await GetScriptAsync(http, new Uri(new Uri(gateway.Http, "/meshcall.js"), path).AbsolutePath);
        }
    }

    [Fact]
    public async Task The_demo_page_is_served_at_the_root_and_loads_nothing_from_outside()
    {
        using var http = new HttpClient { BaseAddress = gateway.Http };
        using var response = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script type=\"module\" src=\"app.js\">", page);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page);
    }

    private static async Task<string> GetScriptAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("""^import .* from '([^']+)';""", RegexOptions.Multiline)]
    private static partial Regex Import();
}
