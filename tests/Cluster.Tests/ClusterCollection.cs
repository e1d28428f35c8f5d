namespace MeshCall.Cluster.Tests;

/// <summary>One cluster (redis-server, silos, gateways) serves every test class here: starting processes is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
