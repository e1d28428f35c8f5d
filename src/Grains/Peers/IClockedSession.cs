using Orleans.Concurrency;

namespace MeshCall.Peers;

/// <summary>How the silo's <see cref="SessionClock"/> reaches a session that is due a check.</summary>
[Alias("meshcall.IClockedSession")]
public interface IClockedSession : IGrainWithStringKey
{
    [OneWay, Alias("Tick")]
    Task TickAsync();
}
