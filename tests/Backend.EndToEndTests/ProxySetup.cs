using System.Globalization;

namespace Backend.EndToEndTests;

/// <summary>
/// Two host instances behind HAProxy, as <c>deploy/proxy/two-instances.sh</c> started them: where
/// the proxy and each instance are, and what each of them reports about itself.
/// </summary>
public sealed class ProxySetup(Uri proxy, Uri stats, IReadOnlyList<ProxyInstance> instances) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri Proxy { get; } = proxy;

    public IReadOnlyList<ProxyInstance> Instances { get; } = instances;

    /// <summary>Reads the files the script leaves in its state folder.</summary>
    public static ProxySetup Read(string state)
    {
        var proxy = File.ReadAllText(Path.Combine(state, "proxy")).Split(' ', StringSplitOptions.TrimEntries);
        var instances = File.ReadAllLines(Path.Combine(state, "instances"))
            .Select(line => line.Split(' '))
            .Select(f => new ProxyInstance(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), new Uri("http://" + f[2]), new Uri(f[3] + "/metrics")))
            .ToList();
        return new ProxySetup(new Uri("http://" + proxy[0]), new Uri(proxy[1] + ";csv"), instances);
    }

    /// <summary>The sum of one Prometheus series of an instance over the lines that contain <paramref name="label"/>.</summary>
    public async Task<double> MetricAsync(ProxyInstance instance, string series, string label = "")
    {
        var text = await _http.GetStringAsync(instance.Metrics);
        return text.Split('\n')
            .Where(line => (line.StartsWith(series + "{", StringComparison.Ordinal) || line.StartsWith(series + " ", StringComparison.Ordinal))
                && line.Contains(label, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>What HAProxy's health checks make of an instance: UP, DOWN, or a transition such as "UP 1/2".</summary>
    public async Task<string> ProxyStatusAsync(ProxyInstance instance)
    {
        var csv = await _http.GetStringAsync(stats);
        return csv.Split('\n')
            .Select(line => line.Split(','))
            .Single(f => f.Length > 17 && f[0] == "backend_hosts" && f[1] == instance.Name)[17];
    }

    /// <summary>Sends SIGTERM, as an orchestrator does.</summary>
    public static async Task TerminateAsync(ProxyInstance instance)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", instance.Pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Whether the instance's process still runs (a process that ended but was not reaped does not).</summary>
    public static bool IsRunning(ProxyInstance instance)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{instance.Pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();
}
