using System.Diagnostics.Metrics;
using MeshCall.Contracts.Peers;
using MeshCall.Gateway.Tests.Abuse;
using static MeshCall.Testing.PrometheusText;

namespace MeshCall.Gateway.Tests;

/// <summary>
/// A session knows its room's members, so what names anyone else is settled at the gateway: a signal to a stranger
/// costs the cluster no call and no activation, and a <c>stats</c> entry about one is ignored (what a connection's
/// telemetry keeps is bounded by its room, not by what the client writes).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RoomRosterGuardTests(EmbeddedGateway gateway) : IDisposable
{
    private readonly HttpClient _http = new();

    [Theory]
    [InlineData("ws")]
    [InlineData("hub")]
    public async Task Signals_to_ids_outside_the_room_are_refused_without_activating_a_grain(string transport)
    {
        var (a, _, b, idB) = await PairAsync(transport);
        var (c, _, d, idD) = await PairAsync(transport);
        await using (a)
        await using (b)
        await using (c)
        await using (d)
        {
            using var activations = new ActivationCount();
            Assert.Equal("unknown-peer", await a.CodeAsync("signal", $$$"""{"to":"{{{idD}}}","type":"offer","data":{}}"""));
            for (var i = 0; i < 50; i++)
            {
                var stranger = PeerId.New().Value;
                Assert.Equal("unknown-peer", await a.CodeAsync("signal", $$$"""{"to":"{{{stranger}}}","type":"candidate","data":{"n":{{{i}}}}}"""));
            }

            Assert.Equal(0, activations.Created);
            await a.RequestAsync("signal", $$$"""{"to":"{{{idB}}}","type":"offer","data":{"still":"relays"}}""");
            Assert.Equal("relays", (await b.NextAsync("signal")).GetProperty("data").GetProperty("still").GetString());
            Assert.False(d.HasEvent);
        }
    }

    [Theory]
    [InlineData("ws")]
    [InlineData("hub")]
    public async Task Stats_entries_about_anyone_but_the_room_s_members_are_ignored(string transport)
    {
        var (a, _, b, idB) = await PairAsync(transport);
        var (c, _, d, idD) = await PairAsync(transport);
        await using (a)
        await using (b)
        await using (c)
        await using (d)
        {
            var metrics = new Uri(gateway.Http, "/metrics");
            var before = await ScrapeAsync(_http, metrics);
            var huge = new string('P', 900_000);
            Assert.Equal("ok", await a.CodeAsync("stats", $$"""
                {"peers":[{"peerId":"{{idB}}","state":"connected","connectMs":100},
                          {"peerId":"{{idD}}","state":"failed","connectMs":200},
                          {"peerId":"{{PeerId.New().Value}}","state":"failed","connectMs":300},
                          {"peerId":"{{huge}}","state":"failed","connectMs":400}]}
                """));
            var after = await ScrapeAsync(_http, metrics);

            double Moved(string metric) => Sum(after, metric) - Sum(before, metric);
            Assert.Equal(1, Moved("meshcall_negotiation_connect_time_milliseconds_count"));
            Assert.Equal(100, Moved("meshcall_negotiation_connect_time_milliseconds_sum"));
            Assert.Equal(0, Moved("meshcall_negotiation_failed_pairs_total"));
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<(Probe A, string IdA, Probe B, string IdB)> PairAsync(string transport)
    {
        var room = "guard-" + Guid.NewGuid().ToString("N");
        Probe a = transport == "ws" ? await WebSocketProbe.ConnectAsync(gateway.WebSocket) : await HubProbe.ConnectAsync(gateway.Hub);
        Probe b = transport == "ws" ? await WebSocketProbe.ConnectAsync(gateway.WebSocket) : await HubProbe.ConnectAsync(gateway.Hub);
        var idA = await a.JoinAsync(room, token: null, "a");
        var idB = await b.JoinAsync(room, token: null, "b");
        await a.NextAsync("peer-joined");
        return (a, idA, b, idB);
    }

    /// <summary>Grain activations Orleans creates in this process while it lives (its <c>orleans-catalog-activation-created</c> counter).</summary>
    private sealed class ActivationCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _created;

        public ActivationCount()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "orleans-catalog-activation-created")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, value, _, _) => Interlocked.Add(ref _created, value));
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _created, value));
            _listener.Start();
        }

        public long Created => Interlocked.Read(ref _created);

        public void Dispose() => _listener.Dispose();
    }
}
