// Each collection hosts its own gateway in this process; run one at a time, so what one test measures (metrics
// from the process's meters, per-address limits on 127.0.0.1) is not another collection's traffic.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace MeshCall.Gateway.Tests;

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<EmbeddedGateway>
{
    public const string Name = "embedded gateway";
}
