using System.Text.Json;
using System.Threading.Channels;
using MeshCall.Client;

namespace MeshCall.Gateway.Tests;

internal static class Wait
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The next pushed message, which must have op <paramref name="op"/>.</summary>
    public static async Task<JsonElement> NextAsync(this MeshCallClient client, string op)
    {
        var next = await client.Events.NextAsync();
        Assert.True(next.Op == op, $"expected {op}, got {next.Body}");
        return next.Body;
    }

    public static async Task<T> NextAsync<T>(this ChannelReader<T> reader)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await reader.ReadAsync(timeout.Token);
    }

    public static async Task<string> ErrorCodeAsync(Func<Task> request)
    {
        var error = await Assert.ThrowsAsync<MeshCallException>(request);
        return error.Code;
    }
}
