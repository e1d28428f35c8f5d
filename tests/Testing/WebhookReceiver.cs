using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace MeshCall.Testing;

/// <summary>
/// An application backend on Kestrel (127.0.0.1, a free port) that records every webhook POST, checks its
/// signature with the Standard Webhooks library, and answers 200, or 500 while told to refuse.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly List<WebhookDelivery> _deliveries = [];
    private readonly WebApplication _app;
    private readonly StandardWebhook _verifier;
    private readonly HashSet<string> _refusedRooms = [];
    private DateTimeOffset _refuseUntil = DateTimeOffset.MinValue;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(string secret)
    {
        _verifier = new StandardWebhook(secret);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hooks", ReceiveAsync);
    }

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var receiver = new WebhookReceiver(secret);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hooks");
        return receiver;
    }

    /// <summary>Answers 500 to everything for <paramref name="duration"/> from now.</summary>
    public void RefuseFor(TimeSpan duration)
    {
        lock (_deliveries)
        {
            _refuseUntil = DateTimeOffset.UtcNow + duration;
        }
    }

    /// <summary>Answers 500 to the events of <paramref name="room"/> until <see cref="Accept"/>.</summary>
    public void Refuse(string room)
    {
        lock (_deliveries)
        {
            _refusedRooms.Add(room);
        }
    }

    public void Accept(string room)
    {
        lock (_deliveries)
        {
            _refusedRooms.Remove(room);
        }
    }

    /// <summary>Every POST so far, in the order they arrived, refused ones included.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get
        {
            lock (_deliveries)
            {
                return [.. _deliveries];
            }
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds for the deliveries so far; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> WaitUntilAsync(Func<IReadOnlyList<WebhookDelivery>, bool> done, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_deliveries)
            {
                if (done(_deliveries))
                {
                    return [.. _deliveries];
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Webhooks received in {timeout}: {string.Join("; ", Deliveries.Select(d => $"{d.Type} {d.Status}"))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var verified = true;
        try
        {
            _verifier.Verify(body, context.Request.Headers);
        }
        catch (WebhookVerificationException)
        {
            verified = false;
        }

        var json = JsonDocument.Parse(body).RootElement.Clone();
        lock (_deliveries)
        {
            var refused = DateTimeOffset.UtcNow < _refuseUntil || _refusedRooms.Contains(json.GetProperty("data").GetProperty("room").GetString()!);
            var status = refused ? HttpStatusCode.InternalServerError : HttpStatusCode.OK;
            _deliveries.Add(new WebhookDelivery(
                context.Request.Headers["webhook-id"].ToString(),
                context.Request.Headers["webhook-timestamp"].ToString(),
                context.Request.ContentType,
                body,
                json,
                verified,
                status));
            context.Response.StatusCode = (int)status;
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.SetResult();
        }
    }
}

/// <summary>One POST a <see cref="WebhookReceiver"/> got, and what it answered.</summary>
public sealed record WebhookDelivery(string Id, string Timestamp, string? ContentType, string Body, JsonElement Json, bool Verified, HttpStatusCode Status)
{
    public bool Accepted => Status == HttpStatusCode.OK;

    public string Type => Json.GetProperty("type").GetString()!;

    public JsonElement Data => Json.GetProperty("data");

    public string Room => Data.GetProperty("room").GetString()!;
}
