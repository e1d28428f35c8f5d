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

    /// <summary>Reads <paramref name="read"/> every 100 ms until <paramref name="done"/> holds or 15 s pass; the last value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var value = await read();
        try
        {
            while (!done(value) && await tick.WaitForNextTickAsync(timeout.Token))
            {
                value = await read();
            }
        }
        catch (OperationCanceledException)
        {
            // Out of time: the caller's assertion on the value says what was wrong.
        }

        return value;
    }
}
