using System.Text.Json;
using MeshCall.Bench.Report;
using MeshCall.Bench.Scenarios;
using MeshCall.Bench.Targets;

namespace MeshCall.Bench;

/// <summary>Runs scenarios against targets, one server at a time (a fresh one per scenario), and writes the results.</summary>
public static class BenchRun
{
    public static readonly string[] Scenarios = ["relay", "join-storm", "mesh", "density", "slow-consumer", "retention"];

    public static async Task<RunResults> RunAsync(IReadOnlyList<string> scenarios, BenchOptions options, string command, CancellationToken cancellationToken)
    {
        var results = new RunResults { Machine = Machine.Describe(), Commit = CodeVersion.Describe(), Command = command };
        var targets = Target.Select(options.Targets);
        foreach (var scenario in scenarios)
        {
            foreach (var target in targets)
            {
                Console.WriteLine($"{scenario} × {target.Name}");
                switch (scenario)
                {
                    case "relay":
                        results.Relay.Add(await RelayScenario.RunAsync(target, options, cancellationToken));
                        break;
                    case "join-storm":
                        results.JoinStorm.Add(await JoinStormScenario.RunAsync(target, options, cancellationToken));
                        break;
                    case "mesh":
                        results.Mesh.Add(await MeshScenario.RunAsync(target, options, cancellationToken));
                        break;
                    case "density":
                        results.Density.Add(await DensityScenario.RunAsync(target, options, cancellationToken));
                        break;
                    case "slow-consumer":
                        results.SlowConsumer.Add(await SlowConsumerScenario.RunAsync(target, options, cancellationToken));
                        break;
                    case "retention" when !target.KeepsEvents:
                        Console.WriteLine($"  {target.Name} keeps nothing for a resume: skipped");
                        break;
                    case "retention":
                        results.Retention.Add(await RetentionScenario.RunAsync(target, options, cancellationToken));
                        break;
                    default:
                        throw new ArgumentException($"unknown scenario {scenario}; known: {string.Join(", ", Scenarios)}, all");
                }
            }
        }

        return results;
    }

    public static async Task WriteAsync(RunResults results, BenchOptions options)
    {
        Directory.CreateDirectory(options.Out);
        await File.WriteAllTextAsync(Path.Combine(options.Out, "benchmarks.json"), JsonSerializer.Serialize(results, Json));
        await File.WriteAllTextAsync(Path.Combine(options.Out, RelayChart.FileName), RelayChart.Render(results.Relay));
        await File.WriteAllTextAsync(Path.Combine(options.Out, "benchmarks.md"), ResultsReport.Render(results, options));
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
