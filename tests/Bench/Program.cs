using MeshCall.Bench;
using MeshCall.Bench.PlainHub;
using Microsoft.Extensions.Configuration;

// MeshCall.Bench <relay|join-storm|mesh|density|slow-consumer|retention|all>[,…] [--Targets a,b] [--Out dir] [--RelayClients 400] …
// MeshCall.Bench plain-hub --urls http://127.0.0.1:PORT   (the reference hub, started by the tool itself)
// The word on its own, not an option's value: `--Targets plain-hub` runs the benchmark against it.
if (args.Where((a, i) => a == "plain-hub" && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).Any())
{
    await PlainHubServer.RunAsync([.. args.Where(a => a != "plain-hub")]);
    return 0;
}

if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine($"usage: MeshCall.Bench <{string.Join("|", BenchRun.Scenarios)}|all>[,…] [--Targets {string.Join(",", MeshCall.Bench.Targets.Target.All.Select(t => t.Name))}] [--Out dir] [--Preset smoke] [--Name value …]");
    return 2;
}

var scenarios = args[0] == "all" ? BenchRun.Scenarios : args[0].Split(',');
var settings = new ConfigurationBuilder().AddCommandLine(args[1..]).Build();
var options = settings["Preset"] == "smoke" ? BenchOptions.Smoke() : new BenchOptions();
settings.Bind(options);

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var results = await BenchRun.RunAsync(scenarios, options, $"MeshCall.Bench {string.Join(' ', args)}", stop.Token);
await BenchRun.WriteAsync(results, options);
Console.WriteLine($"results in {Path.GetFullPath(options.Out)}");
return 0;
