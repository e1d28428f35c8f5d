using static MeshCall.Gateway.Tests.CrossOrigin.LibraryFiles;

namespace MeshCall.Gateway.Tests.CrossOrigin;

/// <summary><c>Gateway:AllowedOrigins</c> of <c>*</c>: any page may load the library, as any may open <c>/ws</c>.</summary>
public sealed class AnyOriginTests(AnyOriginTests.AnyOriginGateway gateway) : IClassFixture<AnyOriginTests.AnyOriginGateway>
{
    [Fact]
    public async Task Every_file_of_the_library_is_shared_with_any_origin()
    {
        foreach (var path in await PathsAsync(gateway.Http))
        {
            Assert.Equal("*", await AllowedOriginAsync(gateway.Http, path, "https://anywhere.example"));
        }
    }

    public sealed class AnyOriginGateway : EmbeddedGateway
    {
        protected override IEnumerable<string> Settings => ["--Gateway:AllowedOrigins:0=*"];
    }
}
