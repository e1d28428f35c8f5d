using MeshCall.Gateway.Tests.Security;
using static MeshCall.Gateway.Tests.CrossOrigin.LibraryFiles;

namespace MeshCall.Gateway.Tests.CrossOrigin;

/// <summary>
/// A page on an origin in <c>Gateway:AllowedOrigins</c> may import the library from the gateway (a module script is
/// fetched with CORS); a page on any other origin may not, as it may not open <c>/ws</c>.
/// </summary>
[Collection(SecuredGatewayCollection.Name)]
public sealed class ListedOriginTests(SecuredGateway gateway)
{
    [Fact]
    public async Task Every_file_of_the_library_is_shared_with_an_allowed_origin_and_with_no_other()
    {
        var paths = await PathsAsync(gateway.Http);
        Assert.True(paths.Count > 1, "the library imports its modules");
        foreach (var path in paths)
        {
            Assert.Equal(SecuredGateway.AllowedOrigin, await AllowedOriginAsync(gateway.Http, path, SecuredGateway.AllowedOrigin));
            Assert.Null(await AllowedOriginAsync(gateway.Http, path, "https://evil.example"));
            Assert.Null(await AllowedOriginAsync(gateway.Http, path, "http://app.example"));
        }
    }

    [Fact]
    public async Task The_demo_page_scripts_are_not_shared_even_with_an_allowed_origin()
    {
        Assert.Null(await AllowedOriginAsync(gateway.Http, "/app.js", SecuredGateway.AllowedOrigin));
    }
}
