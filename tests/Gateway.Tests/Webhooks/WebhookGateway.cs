using System.Security.Cryptography;

namespace MeshCall.Gateway.Tests.Webhooks;

/// <summary>
/// An embedded gateway sending webhooks to a receiver on this machine, with short retries and resume window; a test
/// class that needs other webhook settings derives one with its <see cref="Overrides"/>.
/// </summary>
public class WebhookGateway : EmbeddedGateway
{
    public const string AdminKey = "webhook-admin-key";

    public static readonly string Secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public WebhookReceiver Receiver { get; private set; } = null!;

    protected override IEnumerable<string> Settings =>
    [
        $"--Webhooks:Urls:0={Receiver.Url}",
        $"--Webhooks:Secret={Secret}",
        "--Webhooks:FirstRetryDelay=00:00:00.200",
        "--Webhooks:MaxRetryDelay=00:00:01",
        "--Rooms:ResumeWindow=00:00:01",
        $"--Admin:ApiKey={AdminKey}",
        .. Overrides,
    ];

    /// <summary>Settings after the defaults above, so they win.</summary>
    protected virtual IEnumerable<string> Overrides => [];

    public override async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync(Secret);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
