using Microsoft.Extensions.Configuration;

namespace Backend.Platform.Hosting;

/// <summary>
/// Where another service of the platform is: configuration <c>Endpoints:&lt;service&gt;</c> (e.g.
/// <c>Endpoints:Orders</c>), or else this host's own first address, for when one process hosts them all.
/// </summary>
public static class ServiceEndpoints
{
    public static Uri Of(IConfiguration configuration, string service)
    {
        if (configuration[$"Endpoints:{service}"] is { Length: > 0 } configured)
        {
            return new Uri(configured);
        }

        var own = (configuration["urls"] ?? PlatformDefaults.DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries)[0];
        // A wildcard binding is reachable on loopback.
        own = own.Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return new Uri(own);
    }
}
