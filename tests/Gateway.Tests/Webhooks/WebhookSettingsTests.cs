using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Tests.Webhooks;

/// <summary>Webhook settings that could never be verified stop the process at start, saying what is wrong.</summary>
public sealed class WebhookSettingsTests
{
    [Theory]
    [InlineData("not-a-secret")]
    [InlineData("whsec_c2hvcnQ=")]
    public async Task A_gateway_with_webhook_urls_and_a_bad_secret_does_not_start_and_names_the_setting(string secret)
    {
        var id = Guid.NewGuid().ToString("N");
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Cluster:ClusterId", id,
            "--Cluster:ServiceId", id,
            "--Silo:SiloPort", FreePort().ToString(),
            "--Silo:GatewayPort", FreePort().ToString(),
            "--Logging:LogLevel:Default", "None",
            "--Webhooks:Urls:0=http://127.0.0.1:9/hooks",
            $"--Webhooks:Secret={secret}",
        ];

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var gateway = GatewayApp.Build(args);
            await gateway.StartAsync().WaitAsync(Wait.Timeout);
        });

        Assert.Contains("Webhooks:Secret must be 'whsec_' followed by the base64 of at least 24 random bytes", error.Message);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
