using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Backend.Platform.Hosting;

/// <summary>
/// HTTP/2 PING frames on connections that carry no other traffic, so that a long, quiet watch
/// stream keeps its connection: load balancers and proxies drop a connection that is idle longer
/// than their timeout, without telling either end, and the next change would be lost with it
/// until the client noticed. Also ends connections whose client no longer answers the pings.
/// Configuration <c>Http2:KeepAlivePingDelay</c> (default 30 s, below the usual 60 s of
/// proxies; <c>Infinite</c> turns the pings off) and <c>Http2:KeepAlivePingTimeout</c> (20 s).
/// </summary>
internal static class KeepAlive
{
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static void Apply(Http2Limits limits, IConfiguration configuration)
    {
        limits.KeepAlivePingDelay = Read(configuration["Http2:KeepAlivePingDelay"], DefaultDelay);
        limits.KeepAlivePingTimeout = Read(configuration["Http2:KeepAlivePingTimeout"], DefaultTimeout);
    }

    // Kestrel takes TimeSpan.MaxValue for "never".
    private static TimeSpan Read(string? value, TimeSpan fallback) => value switch
    {
        null or "" => fallback,
        _ when value.Equals("Infinite", StringComparison.OrdinalIgnoreCase) => TimeSpan.MaxValue,
        _ => TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
