using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Backend.Client.Tests;

/// <summary>
/// A worker or console consumer of the client libraries needs the .NET runtime only, not the
/// ASP.NET Core shared framework that a runtime-only install does not have.
/// </summary>
public sealed class RuntimeOnlyConsumerTests
{
    private static readonly string ConsumerOutput =
        Repository.PathOf("tests", "Backend.Client.Consumer", "bin", Repository.Configuration, "net10.0");

    [Fact]
    public void Consumer_RuntimeConfig_NamesOnlyTheNetCoreRuntime()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(ConsumerOutput, "Backend.Client.Consumer.runtimeconfig.json")))!;
        var options = config["runtimeOptions"]!;
        var frameworks = options["frameworks"] is JsonArray several
            ? several.Select(f => f!["name"]!.GetValue<string>()).ToArray()
            : [options["framework"]!["name"]!.GetValue<string>()];

        Assert.Equal(["Microsoft.NETCore.App"], frameworks);
    }

    [Fact]
    public async Task Consumer_RuntimeOnlyInstall_StartsAndMakesItsCall()
    {
        using var dotnet = RuntimeOnlyDotnet.Create();
        var (_, runtimes) = await dotnet.RunAsync("--list-runtimes");
        Assert.Contains("Microsoft.NETCore.App", runtimes, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.AspNetCore.App", runtimes, StringComparison.Ordinal);

        var (exitCode, output) = await dotnet.RunAsync(
            Path.Combine(ConsumerOutput, "Backend.Client.Consumer.dll"), $"http://127.0.0.1:{UnusedPort()}");

        // Nothing listens there: the call, made by the whole client stack, fails as unavailable.
        Assert.True(exitCode == 0, output);
        Assert.Equal("Unavailable", output.Trim());
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
