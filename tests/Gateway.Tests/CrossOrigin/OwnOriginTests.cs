using static MeshCall.Gateway.Tests.CrossOrigin.LibraryFiles;

namespace MeshCall.Gateway.Tests.CrossOrigin;

/// <summary>No <c>Gateway:AllowedOrigins</c> (the default): the library is for the gateway's own pages only.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OwnOriginTests(EmbeddedGateway gateway)
{
    [Fact]
    public async Task No_file_of_the_library_is_shared_with_another_origin()
    {
        foreach (var path in await PathsAsync(gateway.Http))
        {
            Assert.Null(await AllowedOriginAsync(gateway.Http, path, "https://app.example"));
        }
    }
}
