using System.Net;
using System.Net.WebSockets;
using MeshCall.Gateway.Security;
using Microsoft.AspNetCore.SignalR.Client;

namespace MeshCall.Gateway.Tests.Security;

/// <summary>Origins, the per-connection request budget and the first-join deadline.</summary>
[Collection(SecuredGatewayCollection.Name)]
public sealed class ConnectionAdmissionTests(SecuredGateway gateway)
{
    [Theory]
    [InlineData("https://evil.example", false)]
    [InlineData("http://app.example", false)]
    [InlineData(SecuredGateway.AllowedOrigin, true)]
    public async Task A_websocket_from_an_origin_not_allowed_is_refused_with_403(string origin, bool allowed)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.CollectHttpResponseDetails = true;
        if (allowed)
        {
            await socket.ConnectAsync(gateway.WebSocket, CancellationToken.None);
            Assert.Equal(WebSocketState.Open, socket.State);
            return;
        }

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(gateway.WebSocket, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task The_hub_refuses_an_origin_not_allowed()
    {
        await Assert.ThrowsAsync<HttpRequestException>(() => HubPeer.ConnectAsync(gateway, "json", origin: "https://evil.example"));
        await using var allowed = await HubPeer.ConnectAsync(gateway, "json", origin: SecuredGateway.AllowedOrigin);
    }

    [Fact]
    public async Task Requests_beyond_the_budget_are_rate_limited_and_sustained_abuse_closes_the_socket()
    {
        await using var client = await Client.MeshCallClient.ConnectAsync(gateway.WebSocket);
        await client.JoinAsync("flood-" + Guid.NewGuid().ToString("N"), "f", token: GrantMinter.Mint(SecuredGateway.SigningKey, "*", "f"));

        // Sent without waiting for replies, far faster than 10 a second: the burst passes, then rate-limited, then closed.
        var pings = Enumerable.Range(0, SecuredGateway.RequestBurst + SecuredGateway.RateLimitStrikes + 10).Select(_ => client.PingAsync()).ToList();
        var outcomes = await Task.WhenAll(pings.Select(async ping =>
        {
            try
            {
                await ping;
                return "pong";
            }
            catch (Client.MeshCallException error)
            {
                return error.Code;
            }
            catch (WebSocketException)
            {
                return "closed";
            }
        }));

        Assert.InRange(outcomes.Count(o => o == "pong"), SecuredGateway.RequestBurst - 1, SecuredGateway.RequestBurst + 5);
        Assert.Contains("rate-limited", outcomes);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task A_socket_that_never_joins_is_closed_after_the_deadline()
    {
        await using var idle = await Client.MeshCallClient.ConnectAsync(gateway.WebSocket);
        var closed = await idle.WaitForCloseAsync().WaitAsync(SecuredGateway.JoinDeadline * 5);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, closed);
    }
}
