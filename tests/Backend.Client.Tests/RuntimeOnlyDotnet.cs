using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Backend.Client.Tests;

/// <summary>
/// A .NET install with the runtime only, as the dotnet-runtime package or the runtime container
/// image has it: the running install's <c>dotnet</c> host and Microsoft.NETCore.App, without the
/// ASP.NET Core shared framework.
/// </summary>
internal sealed class RuntimeOnlyDotnet : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly DirectoryInfo _root;

    private RuntimeOnlyDotnet(DirectoryInfo root) => _root = root;

    public static RuntimeOnlyDotnet Create()
    {
        // The runtime directory is <dotnet root>/shared/Microsoft.NETCore.App/<version>/.
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        var installed = runtime.Parent!.Parent!.Parent!.FullName;
        var root = Directory.CreateTempSubdirectory("backend-runtime-only-");
        // A copy, not a link: the host finds the frameworks beside its own resolved path.
        var host = Path.Combine(root.FullName, "dotnet");
        File.Copy(Path.Combine(installed, "dotnet"), host);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(host, File.GetUnixFileMode(Path.Combine(installed, "dotnet")));
        }

        Directory.CreateSymbolicLink(Path.Combine(root.FullName, "host"), Path.Combine(installed, "host"));
        var shared = root.CreateSubdirectory("shared");
        Directory.CreateSymbolicLink(Path.Combine(shared.FullName, "Microsoft.NETCore.App"), Path.Combine(installed, "shared", "Microsoft.NETCore.App"));
        return new RuntimeOnlyDotnet(root);
    }

    /// <summary>Runs <c>dotnet</c> of this install with <paramref name="arguments"/>; the exit code and all it wrote.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(_root.FullName, "dotnet"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ROOT"] = _root.FullName;
        start.Environment.Remove("DOTNET_ROOT_X64");
        start.Environment.Remove("DOTNET_ROOT_ARM64");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not end within {Patience}: {await output}{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
