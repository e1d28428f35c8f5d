using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace MeshCall.Grains.Webhooks;

/// <summary>One signed POST of one event to one URL (Standard Webhooks headers), with 5 s to answer.</summary>
public sealed class WebhookPost(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string ClientName = "meshcall.webhooks";

    /// <summary>PROTOCOL.md: no answer within this counts as a refusal, and is retried.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly WebhookSecret? _secret = options.Value.Enabled ? WebhookSecret.Parse(options.Value.Secret) : null;

    /// <summary>Null when the receiver accepted it (2xx); otherwise why not, for the log.</summary>
    public async Task<string?> SendAsync(string url, PendingWebhook webhook, CancellationToken stopping)
    {
        // Stamped per attempt: receivers reject timestamps far from their clock, and a retry may come an hour later.
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(webhook.Body, Encoding.UTF8, Json),
        };
        request.Headers.Add("webhook-id", webhook.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", _secret!.Sign(webhook.Id, timestamp, webhook.Body));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stopping);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return "no answer within 5 s";
        }
        catch (HttpRequestException ex)
        {
            return ex.HttpRequestError.ToString();
        }
    }
}
