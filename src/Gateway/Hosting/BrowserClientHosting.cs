using Microsoft.Extensions.FileProviders;

namespace MeshCall.Gateway.Hosting;

/// <summary>Serves <c>/meshcall.js</c> and the demo call page at <c>/</c> from files embedded in this assembly.</summary>
public static class BrowserClientHosting
{
    public static WebApplication UseMeshCallBrowserClient(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(BrowserClientHosting).Assembly, "wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Clients revalidate, so a rolled-out gateway never serves a page and a library of different versions.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
