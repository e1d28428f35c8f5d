using System.Diagnostics;
using System.Globalization;

namespace MeshCall.Bench.Measure;

/// <summary>CPU time and resident memory of processes, read from /proc (Linux), so a child's cost is seen from outside.</summary>
public static class ProcessUsage
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ, 100 on every Linux the runtime supports.

    public static TimeSpan Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name may hold spaces; the fields after it are fixed: utime is the 14th, stime the 15th.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    public static long RssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}

/// <summary>How busy some processes were over an interval, in percent of one core (200% is this whole 2-core box).</summary>
public sealed class CpuWindow
{
    private readonly int[] _pids;
    private readonly TimeSpan _start;
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    public CpuWindow(IEnumerable<int> pids)
    {
        _pids = [.. pids];
        _start = Total();
    }

    public static CpuWindow OfThisProcess() => new([Environment.ProcessId]);

    public double Percent()
    {
        var wall = Stopwatch.GetElapsedTime(_startedAt);
        return wall <= TimeSpan.Zero ? 0 : (Total() - _start) / wall * 100;
    }

    private TimeSpan Total()
    {
        var sum = TimeSpan.Zero;
        foreach (var pid in _pids)
        {
            try
            {
                sum += ProcessUsage.Cpu(pid);
            }
            catch (IOException)
            {
                // The process ended; what it used is gone with it.
            }
        }

        return sum;
    }
}
