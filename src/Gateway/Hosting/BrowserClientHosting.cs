using MeshCall.Gateway.Sessions;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Hosting;

/// <summary>
/// Serves <c>/meshcall.js</c> (with its modules under <c>/meshcall/</c>) and the demo call page at <c>/</c> from files
/// embedded in this assembly. The library's files carry CORS headers for <c>Gateway:AllowedOrigins</c>, the same
/// origins whose pages may open <c>/ws</c> and the hub: a page that may call may also load the library.
/// </summary>
public static class BrowserClientHosting
{
    private const string LibraryPolicy = "meshcall-library";

    public static IServiceCollection AddMeshCallBrowserClient(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<GatewayOptions>>((cors, gateway) =>
            cors.AddPolicy(LibraryPolicy, policy => AllowLibraryFrom(policy, gateway.Value.AllowedOrigins)));
        return services;
    }

    public static WebApplication UseMeshCallBrowserClient(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(BrowserClientHosting).Assembly, "wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });

        // Only the library: the demo page and its own scripts are for the gateway's origin.
        app.UseWhen(context => IsLibrary(context.Request.Path), library => library.UseCors(LibraryPolicy));
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Clients revalidate, so a rolled-out gateway never serves a page and a library of different versions.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }

    private static bool IsLibrary(PathString path) => path == "/meshcall.js" || path.StartsWithSegments("/meshcall");

    /// <summary><c>*</c> allows any origin; an empty list none (the gateway's own page needs no CORS); otherwise those listed.</summary>
    private static void AllowLibraryFrom(CorsPolicyBuilder policy, List<string> origins)
    {
        policy.WithMethods(HttpMethods.Get, HttpMethods.Head);
        if (origins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins([.. origins.Select(origin => origin.TrimEnd('/'))]);
        }
    }
}
