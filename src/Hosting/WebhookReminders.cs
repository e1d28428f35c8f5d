using MeshCall.Grains.Webhooks;
using Orleans.Configuration;
using StackExchange.Redis;

namespace MeshCall.Hosting;

/// <summary>
/// Reminders, which wake a room whose webhook events are still owed after its silo was lost: kept in the
/// cluster's Redis (any silo then fires them), in memory for a silo alone. Only with <c>Webhooks:Urls</c>:
/// without webhooks a silo runs no reminder service.
/// </summary>
internal static class WebhookReminders
{
    public static void AddWhenNeeded(ISiloBuilder silo, IConfiguration configuration, ClusterSettings cluster, bool inMemory)
    {
        if (!WebhookHosting.Enabled(configuration))
        {
            return;
        }

        if (inMemory)
        {
            silo.UseInMemoryReminderService();
        }
        else
        {
            silo.UseRedisReminderService(options => options.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis!));
        }

        // A wake period under Orleans' one-minute floor (tests use seconds) lowers the floor with it.
        var period = configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>()!.WakePeriod;
        silo.Configure<ReminderOptions>(options =>
        {
            if (period < options.MinimumReminderPeriod)
            {
                options.MinimumReminderPeriod = period;
            }
        });
    }
}
