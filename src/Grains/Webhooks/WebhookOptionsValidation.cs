using Microsoft.Extensions.Options;

namespace MeshCall.Grains.Webhooks;

/// <summary>Stops the process at start on webhook settings that could never deliver a verifiable event.</summary>
public sealed class WebhookOptionsValidation : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        foreach (var url in options.Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"Webhooks:Urls has '{url}', which is not an absolute http or https URL.");
            }
        }

        if (!WebhookSecret.TryParse(options.Secret, out _))
        {
            failures.Add($"Webhooks:Secret must be '{WebhookSecret.Prefix}' followed by the base64 of at least {WebhookSecret.MinBytes} random bytes " +
                "(e.g. \"whsec_$(openssl rand -base64 32)\"), and is needed whenever Webhooks:Urls is set.");
        }

        if (options.MaxRetryDelay < options.FirstRetryDelay)
        {
            failures.Add("Webhooks:MaxRetryDelay must not be shorter than Webhooks:FirstRetryDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
