using Xunit.Abstractions;

namespace MeshCall.Browser.Tests;

/// <summary>Several call pages in one room, joined together, and the mesh they form.</summary>
public sealed class CallRoom(string room, CallPage[] pages) : IAsyncDisposable
{
    public string Room { get; } = room;

    public CallPage[] Pages { get; } = pages;

    /// <summary>Opens <paramref name="count"/> pages at once in a fresh room and waits for the full mesh.</summary>
    public static async Task<CallRoom> OpenAsync(BrowserCallFixture fixture, int count, ITestOutputHelper output)
    {
        var room = $"room-{Guid.NewGuid():N}";
        var pages = await Task.WhenAll(Enumerable.Range(1, count).Select(i => CallPage.JoinAsync(fixture, room, $"peer{i}", output)));
        var call = new CallRoom(room, pages);
        await call.WaitForFullMeshAsync();
        return call;
    }

    /// <summary>Waits until every page holds exactly one connected connection per other page.</summary>
    public Task WaitForFullMeshAsync(IEnumerable<CallPage>? members = null)
    {
        var all = (members ?? Pages).ToArray();
        return Task.WhenAll(all.Select(page => page.WaitForConnectionsAsync([.. all.Where(p => p != page)])));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var page in Pages)
        {
            await page.DisposeAsync();
        }
    }
}
