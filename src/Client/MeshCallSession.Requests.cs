using System.Net.WebSockets;

namespace MeshCall.Client;

/// <summary>What a session sends: signals (numbered, retried until acknowledged), broadcasts and the leave.</summary>
public sealed partial class MeshCallSession
{
    /// <summary>
    /// Sends a signal and returns once the server acknowledged it: on <c>unavailable</c>, <c>rate-limited</c> or a
    /// lost connection it is sent again, with the same number, until then (or until <paramref name="cancellation"/>).
    /// </summary>
    public async Task SignalAsync(string to, string type, string dataJson, CancellationToken cancellation = default)
    {
        var msgId = Interlocked.Increment(ref _nextMsgId);
        for (var attempt = 0; ; attempt++)
        {
            var client = await _link.CurrentAsync(cancellation);
            try
            {
                await client.SignalAsync(to, type, dataJson, msgId, cancellation);
                return;
            }
            catch (MeshCallException error) when (SessionLink.IsTransient(error))
            {
                await Task.Delay(_link.Backoff(attempt), cancellation);
            }
            catch (WebSocketException)
            {
                // The connection dropped with the signal in flight; the pump reconnects, and the number keeps it single.
                await WaitForReplacementAsync(client, cancellation);
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="dataJson"/> to every other member and returns once the server acknowledged it. While the
    /// session is reconnecting it waits for the resume; a <c>rate-limited</c> answer (nothing was sent) is tried again
    /// after a growing backoff. A broadcast carries no number, so one answered <c>unavailable</c> or cut off by a lost
    /// connection is not sent again (the others may have had it): that throws, and the caller decides.
    /// </summary>
    public async Task BroadcastAsync(string dataJson, CancellationToken cancellation = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var client = await _link.CurrentAsync(cancellation);
            try
            {
                await client.BroadcastAsync(dataJson, cancellation);
                return;
            }
            catch (MeshCallException error) when (error.Code == "rate-limited")
            {
                await Task.Delay(_link.Backoff(attempt), cancellation);
            }
        }
    }

    public async Task LeaveAsync()
    {
        var client = await _link.CurrentAsync(CancellationToken.None);
        _acks.Stop();
        await _stop.CancelAsync();
        await client.LeaveAsync();
    }

    private async Task WaitForReplacementAsync(MeshCallClient lost, CancellationToken cancellation)
    {
        while (await _link.CurrentAsync(cancellation) == lost)
        {
            await Task.Delay(_options.MinBackoff, cancellation);
        }
    }
}
