using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Backend.IntegrationTests;

/// <summary>
/// The whole host in memory, with its own data directory, reached through real generated
/// clients over the test server's HTTP/2 handler.
/// </summary>
public sealed class BackendFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);

    public BackendFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "backend-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _settings["Data:Directory"] = DataDirectory;
    }

    public string DataDirectory { get; }

    /// <summary>Sets a configuration value before the host starts.</summary>
    public BackendFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public GrpcChannel CreateChannel() =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finalising connection: the temp folder keeps it.
        }
    }
}
