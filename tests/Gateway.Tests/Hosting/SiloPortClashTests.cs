namespace MeshCall.Gateway.Tests.Hosting;

/// <summary>A second gateway given the silo ports of a running one stops at once and says why, instead of sharing them.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SiloPortClashTests(EmbeddedGateway running)
{
    [Fact]
    public async Task A_second_gateway_on_the_silo_ports_of_a_running_one_fails_to_start_naming_the_port()
    {
        var id = Guid.NewGuid().ToString("N");
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Cluster:ClusterId", id,
            "--Cluster:ServiceId", id,
            "--Silo:SiloPort", running.SiloPorts.Silo.ToString(),
            "--Silo:GatewayPort", running.SiloPorts.Gateway.ToString(),
            "--Logging:LogLevel:Default", "None",
        ];

        // Before anything starts, so the refusal is the only thing it says; started anyway, it would share the ports.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var second = GatewayApp.Build(args);
            await second.StartAsync().WaitAsync(Wait.Timeout);
        });

        Assert.StartsWith($"Silo:SiloPort {running.SiloPorts.Silo} is already in use", error.Message);
    }
}
