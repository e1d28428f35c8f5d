using System.Net;
using System.Net.WebSockets;
using MeshCall.Client;

namespace MeshCall.Gateway.Tests.Security;

/// <summary>
/// Limits per client address (connections, joins per minute, failed resumes per minute) and per gateway (rooms).
/// One test walks through them in order, since they share one address's budget for the minute.
/// </summary>
public sealed class AddressLimitTests : IClassFixture<LimitedGateway>
{
    private readonly LimitedGateway _gateway;

    public AddressLimitTests(LimitedGateway gateway) => _gateway = gateway;

    [Fact]
    public async Task Connections_joins_rooms_and_failed_resumes_from_one_address_are_each_limited()
    {
        var clients = new List<MeshCallClient>();
        try
        {
            for (var i = 0; i < LimitedGateway.MaxConnectionsPerIp; i++)
            {
                clients.Add(await MeshCallClient.ConnectAsync(_gateway.WebSocket));
            }

            using (var refused = new ClientWebSocket())
            {
                refused.Options.CollectHttpResponseDetails = true;
                await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(_gateway.WebSocket, CancellationToken.None));
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.HttpStatusCode);
            }

            var (roomA, roomB) = ("limits-a-" + Guid.NewGuid().ToString("N"), "limits-b-" + Guid.NewGuid().ToString("N"));
            await clients[0].JoinAsync(roomA);
            await clients[1].JoinAsync(roomB);

            // A third room is one more than this gateway holds; the same rooms still take members.
            Assert.Equal("unavailable", await Wait.ErrorCodeAsync(() => clients[2].JoinAsync("limits-c-" + Guid.NewGuid().ToString("N"))));
            await clients[3].JoinAsync(roomA);
            await clients[4].JoinAsync(roomB);

            // That was the fifth join this minute from this address.
            Assert.Equal("rate-limited", await Wait.ErrorCodeAsync(() => clients[5].JoinAsync(roomA)));

            // Forged resume tokens: refused as expired, then, like failed logins, throttled.
            var forged = "AAAAAAAAAAAAAAAAAAAAAA.forged";
            for (var i = 0; i < LimitedGateway.FailedResumesPerMinutePerIp; i++)
            {
                Assert.Equal("resume-expired", await Wait.ErrorCodeAsync(() => clients[2].JoinAsync(roomA, resumeToken: forged)));
            }

            Assert.Equal("rate-limited", await Wait.ErrorCodeAsync(() => clients[2].JoinAsync(roomA, resumeToken: forged)));

            // The sessions that were admitted are untouched by all of it.
            Assert.Equal("already-joined", await Wait.ErrorCodeAsync(() => clients[0].JoinAsync(roomA)));
            await clients[3].BroadcastAsync("""{"still":"here"}""");
            MeshEvent next;
            do
            {
                next = await clients[0].Events.NextAsync();
            }
            while (next.Op != "broadcast");

            Assert.Equal("""{"still":"here"}""", next.Body.GetProperty("data").GetRawText());
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
