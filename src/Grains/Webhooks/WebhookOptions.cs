using System.ComponentModel.DataAnnotations;

namespace MeshCall.Grains.Webhooks;

/// <summary>Configuration section <c>Webhooks</c>: where the cluster tells the application's backend of rooms and peers.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Every event goes to each of these; none (the default) turns webhooks off, at no cost.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary><c>whsec_</c> + base64 of at least 24 random bytes: the signing key the receivers share.</summary>
    public string? Secret { get; set; }

    /// <summary>How long after an event happened it is still retried; then it is dropped and counted as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The delay before the first retry; each next one doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often a room with undelivered events is woken (an Orleans reminder), so events of a room whose silo
    /// was lost go out even when no member calls it again. Orleans refuses reminders under a minute by default;
    /// a shorter one here lowers that floor too.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan WakePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most events one room may owe: past it the oldest are dropped (and counted as failed), so a receiver that is
    /// down cannot make a busy room's stored state, written with every join and leave, grow without end. At least 2:
    /// one change makes up to two events (a leave and the room finishing), and it never drops its own.
    /// </summary>
    [Range(2, 100_000)]
    public int MaxPendingPerRoom { get; set; } = 1_000;

    public bool Enabled => Urls.Count > 0;
}
