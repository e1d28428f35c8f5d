using System.Collections.Concurrent;
using MeshCall.Client;
using MeshCall.Gateway.Security;
using MeshCall.Gateway.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace MeshCall.Gateway.Tests.Security;

/// <summary>At Information, logs name peers and rooms; they never hold SDP, candidates, signal data or tokens.</summary>
public sealed class LogPrivacyTests(LogPrivacyTests.LoggedGateway gateway) : IClassFixture<LogPrivacyTests.LoggedGateway>
{
    private const string SdpMarker = "a=fingerprint:sha-256 SECRET-SDP-MARKER";
    private const string CandidateMarker = "candidate:842163049 1 udp 1677729535 203.0.113.77 SECRET-CANDIDATE-MARKER";

    [Fact]
    public async Task A_session_with_offers_candidates_grants_and_a_resume_leaves_none_of_them_in_the_logs()
    {
        var room = "privacy-" + Guid.NewGuid().ToString("N");
        var grant = GrantMinter.Mint(LoggedGateway.SigningKey, room, "alice");
        var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var joinedA = await a.JoinAsync(room, "alice", token: grant);
        var joinedB = await b.JoinAsync(room, "bob", token: GrantMinter.Mint(LoggedGateway.SigningKey, room, "bob"));
        await a.SignalAsync(joinedB.PeerId, "offer", $$"""{"type":"offer","sdp":"v=0\r\n{{SdpMarker}}\r\n"}""");
        await a.SignalAsync(joinedB.PeerId, "candidate", $$"""{"candidate":"{{CandidateMarker}}","sdpMid":"0"}""");
        await b.BroadcastAsync($$"""{"chat":"{{SdpMarker}}"}""");
        Assert.Equal("unauthorized", await Wait.ErrorCodeAsync(async () =>
        {
            await using var mallory = await MeshCallClient.ConnectAsync(gateway.WebSocket);
            await mallory.JoinAsync(room, "m", token: grant + "tampered");
        }));
        await a.DisposeAsync();
        await using var back = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await back.JoinAsync(room, "alice", joinedA.ResumeToken);

        Assert.Contains(gateway.Lines, line => line.Contains(joinedA.PeerId, StringComparison.Ordinal));
        var secrets = new[] { SdpMarker, CandidateMarker, "SECRET", grant, grant[..40], joinedA.ResumeToken.Split('.')[1] };
        foreach (var line in gateway.Lines)
        {
            Assert.DoesNotContain(secrets, secret => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    /// <summary>A gateway logging at Information into a list, as production would to its console.</summary>
    public sealed class LoggedGateway : EmbeddedGateway
    {
        public const string SigningKey = "privacy-test-signing-key-of-32-bytes-at-least";

        public CapturedLog Log { get; } = new(LogLevel.Information);

        public ConcurrentQueue<string> Lines => Log.Lines;

        protected override IEnumerable<string> Settings => ["--Logging:LogLevel:Default=Information", "--Auth:Mode=Jwt", $"--Auth:SigningKey={SigningKey}"];

        protected override void Configure(WebApplicationBuilder builder) => builder.Logging.AddProvider(Log);
    }
}
