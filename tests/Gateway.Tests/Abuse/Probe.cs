using System.Text.Json;

namespace MeshCall.Gateway.Tests.Abuse;

/// <summary>An error reply, by its protocol code.</summary>
public sealed class ProbeException(string code) : Exception(code)
{
    public string Code { get; } = code;
}

/// <summary>
/// One connection of either transport, driven by request objects as JSON text, so one abuse case runs on both.
/// Replies are matched to requests; everything else pushed is an event.
/// </summary>
public abstract class Probe : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public abstract string Transport { get; }

    /// <summary>Sends <paramref name="op"/> with the fields of <paramref name="body"/> (a JSON object); the reply, or <see cref="ProbeException"/>.</summary>
    public abstract Task<JsonElement> RequestAsync(string op, string body = "{}");

    /// <summary>The next pushed event: its op (as on <c>/ws</c>) and body.</summary>
    public abstract Task<(string Op, JsonElement Body)> NextEventAsync();

    /// <summary>Whether an event is waiting already.</summary>
    public abstract bool HasEvent { get; }

    /// <summary>Completes when the server has closed the connection.</summary>
    public abstract Task Closed { get; }

    /// <summary>How the connection ended, for failure messages.</summary>
    public virtual string Ending => string.Empty;

    /// <summary>The error code a request gets, or <c>ok</c>.</summary>
    public async Task<string> CodeAsync(string op, string body = "{}")
    {
        try
        {
            await RequestAsync(op, body);
            return "ok";
        }
        catch (ProbeException error)
        {
            return error.Code;
        }
    }

    public async Task<string> JoinAsync(string room, string? token, string name = "probe")
    {
        var joined = await RequestAsync("join", JsonSerializer.Serialize(new { room, name, token }));
        return joined.GetProperty("peerId").GetString()!;
    }

    /// <summary>The next event with <paramref name="op"/>, skipping roster and presence changes.</summary>
    public async Task<JsonElement> NextAsync(string op)
    {
        while (true)
        {
            var (next, body) = await NextEventAsync();
            if (next == op)
            {
                return body;
            }

            Assert.True(next is "peer-joined" or "peer-state" or "peer-left", $"{Transport}: expected {op}, got {next} {body}");
        }
    }

    public abstract ValueTask DisposeAsync();
}
