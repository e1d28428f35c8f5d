namespace MeshCall.Hosting;

/// <summary>Configuration section <c>Silo</c>: this silo's own endpoints.</summary>
public sealed class SiloSettings
{
    public const string Section = "Silo";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo on.</summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>With <c>Provider=Localhost</c>, the silo port of the first silo, for a local multi-silo cluster.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>Serve the Orleans dashboard at <c>/dashboard</c> (it profiles every grain call; a benchmark turns it off).</summary>
    public bool Dashboard { get; set; } = true;

    public static SiloSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<SiloSettings>() ?? new SiloSettings();
}
