using System.Security.Cryptography;
using System.Text.Json;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using MeshCall.Grains.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace MeshCall.Grains.Tests.Webhooks;

/// <summary>Our signature, checked by the Standard Webhooks library a receiver would use.</summary>
public sealed class WebhookSigningTests
{
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void The_reference_library_accepts_our_signature_and_refuses_a_changed_body()
    {
        var events = new WebhookEvents(["http://127.0.0.1/hook"], new FakeTimeProvider(DateTimeOffset.UtcNow));
        var joined = events.PeerJoined("room-1", new RoomMember(PeerId.New(), "Ada \"the first\" ✓"));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = joined.Id,
            ["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = WebhookSecret.Parse(Secret).Sign(joined.Id, timestamp, joined.Body),
        };

        new StandardWebhook(Secret).Verify(joined.Body, headers);
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(Secret).Verify(joined.Body.Replace("room-1", "room-2"), headers));
    }

    [Fact]
    public void Events_have_the_body_protocol_md_gives()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var events = new WebhookEvents(["http://127.0.0.1/hook"], new FakeTimeProvider(at));
        var peer = PeerId.New();

        var left = JsonDocument.Parse(events.PeerLeft("r", peer, LeaveReason.Kicked).Body).RootElement;
        var joined = JsonDocument.Parse(events.PeerJoined("r", new RoomMember(peer, "Ada")).Body).RootElement;

        Assert.Equal("peer.left", left.GetProperty("type").GetString());
        Assert.Equal("2026-01-02T03:04:05.678Z", left.GetProperty("timestamp").GetString());
        Assert.Equal($$"""{"room":"r","peerId":"{{peer.Value}}","reason":"kicked"}""", left.GetProperty("data").GetRawText());
        Assert.Equal($$"""{"room":"r","peerId":"{{peer.Value}}","name":"Ada","role":"member"}""", joined.GetProperty("data").GetRawText());
        Assert.Equal("""{"room":"r"}""", JsonDocument.Parse(events.RoomFinished("r").Body).RootElement.GetProperty("data").GetRawText());
    }

    [Fact]
    public void Every_event_gets_its_own_id()
    {
        var events = new WebhookEvents(["http://127.0.0.1/hook"], TimeProvider.System);
        var ids = Enumerable.Range(0, 100).Select(_ => events.RoomStarted("r").Id).ToHashSet();

        Assert.Equal(100, ids.Count);
        Assert.All(ids, id => Assert.StartsWith("msg_", id, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("c2VjcmV0")]
    [InlineData("whsec_c2hvcnQ=")]
    [InlineData("whsec_not base64!")]
    public void Secrets_that_are_not_whsec_and_24_bytes_are_refused(string? secret)
    {
        var result = new WebhookOptionsValidation().Validate(null, new WebhookOptions { Urls = ["http://127.0.0.1/hook"], Secret = secret });

        Assert.True(result.Failed);
        Assert.Contains("Webhooks:Secret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_urls_no_secret_is_needed_and_with_one_a_good_secret_passes()
    {
        Assert.True(new WebhookOptionsValidation().Validate(null, new WebhookOptions()).Succeeded);
        Assert.True(new WebhookOptionsValidation().Validate(null, new WebhookOptions { Urls = ["https://example.test/hook"], Secret = Secret }).Succeeded);
        Assert.True(new WebhookOptionsValidation().Validate(null, new WebhookOptions { Urls = ["ftp://example.test/hook"], Secret = Secret }).Failed);
    }
}
