using System.Net.WebSockets;
using MeshCall.Client;

namespace MeshCall.Gateway.Tests.DotNetClient;

/// <summary>
/// A request that races the server's close (a socket that has received the close can still send) must fail, not
/// wait for a reply that can never come: the CI once hung on exactly that, in the rate-limit flood test.
/// </summary>
public sealed class PendingRepliesTests
{
    [Fact]
    public async Task A_request_added_after_the_connection_failed_fails_at_once()
    {
        var pending = new PendingReplies();
        var (_, before) = pending.Add(CancellationToken.None);
        pending.FailAll();

        var (_, after) = pending.Add(CancellationToken.None);

        await Assert.ThrowsAsync<WebSocketException>(() => before.WaitAsync(Wait.Timeout));
        await Assert.ThrowsAsync<WebSocketException>(() => after.WaitAsync(Wait.Timeout));
    }
}
