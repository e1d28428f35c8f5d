using MeshCall.Contracts.Rooms;
using MeshCall.Grains.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace MeshCall.Grains.Tests;

/// <summary>A real two-silo cluster in this process, with a short resume window so timeouts are quick to see.</summary>
public sealed class TwoSiloCluster : IAsyncLifetime
{
    public static readonly TimeSpan ResumeWindow = TimeSpan.FromSeconds(2);

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(initialSilosCount: 2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMeshCallGrains().AddMemoryGrainStorage(MeshCallStorage.Name);
            siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(
                MeshCallStorage.Name, (services, name) => new StorageFaults(MemoryGrainStorageFactory.Create(services, (string)name!)));
            siloBuilder.AddIncomingGrainCallFilter<RosterNotificationFaults>();
            siloBuilder.Services.Configure<RoomOptions>(o => o.ResumeWindow = ResumeWindow);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TwoSiloCollection : ICollectionFixture<TwoSiloCluster>
{
    public const string Name = "two silos";
}
