using MeshCall.Contracts.Peers;
using Orleans.Concurrency;

namespace MeshCall.Grains.Peers;

/// <summary>How the silo's <see cref="SessionClock"/> reaches a session that is due a check.</summary>
[Alias("meshcall.IClockedSession")]
public interface IClockedSession : IGrainWithStringKey
{
    [OneWay, Alias("Tick")]
    Task TickAsync();
}
