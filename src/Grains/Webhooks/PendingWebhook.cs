using System.Collections.Immutable;

namespace MeshCall.Grains.Webhooks;

/// <summary>
/// One event a room owes its webhook receivers, stored with the room until every URL in <see cref="Urls"/> took it.
/// The body is rendered once when the event happens, so every retry (on any silo) sends the same bytes under the
/// same <see cref="Id"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("meshcall.PendingWebhook")]
public sealed record PendingWebhook(
    [property: Id(0)] string Id,
    [property: Id(1)] string Body,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] ImmutableArray<string> Urls);
