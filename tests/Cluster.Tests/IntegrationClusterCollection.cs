namespace MeshCall.Cluster.Tests;

/// <summary>The application-integration tests' cluster: webhooks on, with a receiver of its own.</summary>
[CollectionDefinition(Name)]
public sealed class IntegrationClusterCollection : ICollectionFixture<IntegrationClusterFixture>
{
    public const string Name = "integration cluster";
}
