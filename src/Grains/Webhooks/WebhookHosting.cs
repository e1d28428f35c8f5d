using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MeshCall.Grains.Webhooks;

public static class WebhookHosting
{
    /// <summary>Whether <c>Webhooks:Urls</c> names a receiver: only then does the silo need reminders.</summary>
    public static bool Enabled(IConfiguration configuration) =>
        configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>()?.Enabled ?? false;

    /// <summary>The webhook sender and its options (validated at start); it sends nothing unless <c>Webhooks:Urls</c> is set.</summary>
    internal static ISiloBuilder AddMeshCallWebhooks(this ISiloBuilder silo)
    {
        silo.Services.AddOptionsWithValidateOnStart<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidation>());
        silo.Services.AddHttpClient(WebhookPost.ClientName, client => client.Timeout = WebhookPost.Timeout);
        silo.Services.TryAddSingleton<WebhookMetrics>();
        silo.Services.TryAddSingleton<WebhookPost>();
        silo.Services.TryAddSingleton<WebhookSender>();
        return silo;
    }
}
