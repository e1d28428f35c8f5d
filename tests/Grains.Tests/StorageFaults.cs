using System.Collections.Concurrent;
using Orleans.Storage;

namespace MeshCall.Grains.Tests;

/// <summary>
/// The silos' grain storage (memory), which counts each grain's operations and can be made to fail a chosen grain's
/// writes, as an unreachable store fails them.
/// </summary>
public sealed class StorageFaults(IGrainStorage inner) : IGrainStorage
{
    private static readonly ConcurrentDictionary<GrainId, bool> Cut = new();
    private static readonly ConcurrentDictionary<GrainId, Operations> Counts = new();

    /// <summary>Writes and clears of <paramref name="grain"/>'s state fail until the result is disposed.</summary>
    public static IDisposable FailWrites(GrainId grain)
    {
        Cut[grain] = true;
        return new Mend(grain);
    }

    /// <summary>The storage operations made for <paramref name="grain"/> so far.</summary>
    public static Operations Of(GrainId grain) => Counts.GetValueOrDefault(grain, new Operations(0, 0));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Count(grainId, reads: 1);
        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Count(grainId, writes: 1);
        ThrowIfCut(grainId);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Count(grainId, writes: 1);
        ThrowIfCut(grainId);
        return inner.ClearStateAsync(stateName, grainId, grainState);
    }

    private static void Count(GrainId grain, int reads = 0, int writes = 0) =>
        Counts.AddOrUpdate(grain, new Operations(reads, writes), (_, o) => new Operations(o.Reads + reads, o.Writes + writes));

    private static void ThrowIfCut(GrainId grain)
    {
        if (Cut.ContainsKey(grain))
        {
            throw new TimeoutException($"storage of {grain} cut by the test");
        }
    }

    public sealed record Operations(int Reads, int Writes);

    private sealed class Mend(GrainId grain) : IDisposable
    {
        public void Dispose() => Cut.TryRemove(grain, out _);
    }
}
