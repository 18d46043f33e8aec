using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Backend.EndToEndTests.Fulfilment;

/// <summary>
/// The fulfilment sample (clients/samples/Fulfilment) as its own process: built against the
/// client packages by clients/samples/build.sh, started with <c>dotnet Fulfilment.dll</c>.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Packs the client libraries and builds the sample against them; returns the built worker.</summary>
    public static async Task<string> BuildAsync()
    {
        var configuration = typeof(WorkerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var start = new ProcessStartInfo("bash", [Path.Combine(HostProcess.RepositoryRoot, "clients", "samples", "build.sh"), configuration])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var build = Process.Start(start)!;
        var stdout = build.StandardOutput.ReadToEndAsync();
        var stderr = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"clients/samples/build.sh failed ({build.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return (await stdout).Trim().Split('\n')[^1];
    }

    public static WorkerProcess Start(string dll, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var worker = new WorkerProcess(Process.Start(start)!);
        worker._process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>How many orders the worker said it shipped, of those given.</summary>
    public int ShippedOf(IEnumerable<string> orderIds)
    {
        var output = Output;
        return orderIds.Count(id => output.Contains("Shipped order " + id, StringComparison.Ordinal));
    }

    /// <summary>SIGKILL: no chance to finish the order at hand or to store anything.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
