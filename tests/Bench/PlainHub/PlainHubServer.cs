using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshCall.Bench.PlainHub;

/// <summary>Runs <see cref="RelayHub"/> as its own process (<c>MeshCall.Bench plain-hub --urls …</c>), with ASP.NET Core's defaults.</summary>
public static class PlainHubServer
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapHub<RelayHub>(RelayHub.Path);
        app.MapGet("/readyz", () => "ready");
        await app.RunAsync();
    }
}
