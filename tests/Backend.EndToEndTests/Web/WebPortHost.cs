namespace Backend.EndToEndTests.Web;

/// <summary>
/// A host process with its second, HTTP/1.1 address (<c>Http:Urls</c>) for REST, OpenAPI and
/// gRPC-Web, beside the HTTP/2 cleartext gRPC one.
/// </summary>
public sealed class WebPortHost : IAsyncLifetime
{
    public HostProcess Host { get; private set; } = null!;

    public Uri HttpAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        HttpAddress = new Uri($"http://127.0.0.1:{HostProcess.FreePort()}");
        Host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["Http__Urls"] = HttpAddress.ToString(),
            ["Bootstrap__AdminEmail"] = "admin@example.com",
            ["Bootstrap__AdminPassword"] = "change me, please",
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
