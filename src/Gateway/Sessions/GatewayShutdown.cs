using MeshCall.Contracts.Peers;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// On SIGTERM, before Kestrel stops taking requests, tells every client <c>closed</c> reason <c>shutdown</c> and
/// closes its socket, so it moves to another gateway and resumes at once instead of waiting for a timeout.
/// The sessions themselves stay in the cluster for the resume window.
/// </summary>
public sealed class GatewayShutdown(SessionRegistry sessions, IHostApplicationLifetime lifetime, ILogger<GatewayShutdown> logger) : IHostedService
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(CloseAll);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void CloseAll()
    {
        var open = sessions.All.ToList();
        SessionLog.ShuttingDown(logger, open.Count);
        foreach (var session in open)
        {
            session.Close(CloseReason.Shutdown);
        }

        // Stopping waits on this callback: give the transports a moment to write `closed` and hand the sessions back.
        SpinWait.SpinUntil(() => sessions.All.Count == 0, DrainTimeout);
    }
}
