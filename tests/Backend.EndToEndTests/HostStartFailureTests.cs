using System.Text;
using Backend.Testing;

namespace Backend.EndToEndTests;

/// <summary>
/// A host that does not start fails its test at once, is killed with every process it started,
/// and leaves its output in the failure: nothing outlives the test to slow down the next ones.
/// </summary>
public sealed class HostStartFailureTests
{
    [Fact]
    public async Task StartAsync_HostExitsAtStart_FailsWithItsOutputAndLeavesNoProcess()
    {
        var data = NewDirectory();

        var error = await Assert.ThrowsAsync<HostStartException>(() => HostProcess.StartAsync(
            new Dictionary<string, string> { ["Host__Services"] = "inventory" }, dataDirectory: data, direct: true));

        Assert.Contains("inventory", error.Message, StringComparison.Ordinal);
        Assert.True(await NoneLeftAsync(data), "A process of the failed host is still running.");
    }

    [Fact]
    public async Task StartAsync_HostNeverHealthy_KillsTheWholeTreeAndSaysHowLongItWaited()
    {
        var data = NewDirectory();
        // Kestrel's configured endpoint wins over --urls: the host runs, but not where it is probed.
        var elsewhere = HostProcess.FreePort();
        var environment = new Dictionary<string, string> { ["Kestrel__Endpoints__Elsewhere__Url"] = $"http://127.0.0.1:{elsewhere}" };

        var error = await Assert.ThrowsAsync<HostStartException>(() =>
            HostProcess.StartAsync(environment, dataDirectory: data, startTimeout: TestTime.Scaled(TimeSpan.FromSeconds(20))));

        Assert.Contains("did not become healthy", error.Message, StringComparison.Ordinal);
        Assert.Contains(TestTime.ScaleVariable, error.Message, StringComparison.Ordinal);
        Assert.True(await NoneLeftAsync(data), "A process of the failed host (dotnet run or the host under it) is still running.");
    }

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "backend-e2e", Guid.NewGuid().ToString("N"));

    // Killed processes vanish from the process table once reaped: wait for that, not for a time.
    private static async Task<bool> NoneLeftAsync(string dataDirectory)
    {
        var until = DateTime.UtcNow + TestTime.Scaled(TimeSpan.FromSeconds(10));
        while (RunningWith(dataDirectory).Count > 0)
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    // The processes whose environment names this data directory: the host, and `dotnet run` above it.
    private static List<int> RunningWith(string dataDirectory)
    {
        var marker = Encoding.UTF8.GetBytes("Data__Directory=" + dataDirectory + "\0");
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllBytes(Path.Combine(entry, "environ")).AsSpan().IndexOf(marker) >= 0)
                {
                    found.Add(pid);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        return found;
    }
}
