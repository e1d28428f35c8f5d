namespace MeshCall.Grains.Webhooks;

/// <summary>How a silo's webhook sender tells a room that one of its events needs no more sending to one URL.</summary>
[Alias("meshcall.IRoomWebhooks")]
public interface IRoomWebhooks : IGrainWithStringKey
{
    /// <summary>The event was accepted by <paramref name="url"/>, or dropped for it after <c>Webhooks:RetryFor</c>.</summary>
    [Alias("Settled")]
    Task SettledAsync(string id, string url);
}
