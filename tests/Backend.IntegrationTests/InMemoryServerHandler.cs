using Microsoft.AspNetCore.TestHost;

namespace Backend.IntegrationTests;

/// <summary>
/// Sends a service's outgoing calls to the in-memory server. Clients are built while the host
/// starts, before the test server can hand out handlers, so the handler is made on first use.
/// </summary>
internal sealed class InMemoryServerHandler(TestServer server) : HttpMessageHandler
{
    private HttpMessageInvoker? _invoker;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _invoker ??= new HttpMessageInvoker(server.CreateHandler());
        return _invoker.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _invoker?.Dispose();
        }

        base.Dispose(disposing);
    }
}
