using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshCall.Bench.PlainHub;

/// <summary>
/// Runs <see cref="RelayHub"/> as its own process (<c>MeshCall.Bench plain-hub --urls …</c>), with ASP.NET Core's
/// defaults but one: it takes messages of up to 1 MiB, as MeshCall's gateway does (the default, 32 KB, would close
/// the sender of a slow-consumer broadcast of 60 KiB).
/// </summary>
public static class PlainHubServer
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR(hub => hub.MaximumReceiveMessageSize = 1024 * 1024);
        var app = builder.Build();
        app.UseWebSockets();
        app.MapHub<RelayHub>(RelayHub.Path);
        app.MapGet("/readyz", () => "ready");
        await app.RunAsync();
    }
}
