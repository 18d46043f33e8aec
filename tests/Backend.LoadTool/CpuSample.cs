using System.Globalization;

namespace Backend.LoadTool;

/// <summary>
/// CPU time used so far by the server, by this tool and by the whole machine, read from Linux
/// /proc. Two samples around a measured window give the CPU each call cost on either side and
/// how busy the machine was: the server and the tool share its cores, so a latency tail at a
/// given rate reads differently at 60% busy than at 95%.
/// </summary>
internal readonly record struct CpuSample(double? ServerSeconds, double ToolSeconds, long? MachineBusyTicks, long? MachineTicks)
{
    /// <summary>The unit of /proc's CPU counters (USER_HZ), 100 on every Linux build in use.</summary>
    private const double TicksPerSecond = 100;

    public static CpuSample Take(int? serverPid)
    {
        var (busy, total) = Machine();
        return new CpuSample(Process(serverPid), System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, busy, total);
    }

    /// <summary>Adds the CPU per call of server and tool and the machine's busy share between two samples.</summary>
    public static void Describe(CpuSample start, CpuSample end, long calls, IDictionary<string, double> extra)
    {
        if (calls == 0)
        {
            return;
        }

        if (start.ServerSeconds is { } serverBefore && end.ServerSeconds is { } serverAfter)
        {
            extra["server_cpu_us_per_call"] = (serverAfter - serverBefore) * 1e6 / calls;
        }

        extra["tool_cpu_us_per_call"] = (end.ToolSeconds - start.ToolSeconds) * 1e6 / calls;
        if (start.MachineTicks is { } totalBefore && end.MachineTicks is { } totalAfter && totalAfter > totalBefore)
        {
            extra["machine_cpu_busy_pct"] = 100.0 * (end.MachineBusyTicks!.Value - start.MachineBusyTicks!.Value) / (totalAfter - totalBefore);
        }
    }

    /// <summary>User and system time of a process: fields 14 and 15 of /proc/PID/stat, counted after the command name.</summary>
    private static double? Process(int? pid)
    {
        var path = $"/proc/{pid}/stat";
        if (pid is null || !File.Exists(path))
        {
            return null;
        }

        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>
    /// The machine's busy and total ticks from the first line of /proc/stat (user, nice, system,
    /// idle, iowait, irq, softirq, steal); idle and iowait are the ones not busy.
    /// </summary>
    private static (long? Busy, long? Total) Machine()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (null, null);
        }

        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8).Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var total = ticks.Sum();
        return (total - ticks[3] - ticks[4], total);
    }
}
