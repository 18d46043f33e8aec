using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Backend.Platform.Hosting;

/// <summary>
/// The addresses a process listens on and what each speaks. Cleartext Kestrel serves either
/// HTTP/2 with prior knowledge (gRPC) or HTTP/1.1 on one port, never both, so REST, OpenAPI and
/// gRPC-Web get addresses of their own (<c>Http:Urls</c>, HTTP/1.1). With TLS, ALPN tells the
/// protocols apart and one port serves them all.
/// </summary>
internal sealed class ListenAddresses
{
    /// <summary>The gRPC address served when configuration names none.</summary>
    public const string DefaultGrpcUrl = "http://localhost:5000";

    /// <summary>The REST, OpenAPI and gRPC-Web address beside the default gRPC one.</summary>
    public const string DefaultHttpUrl = "http://localhost:5080";

    private readonly HashSet<int> _http1Ports = [];
    private readonly HashSet<int> _tlsPorts = [];

    private ListenAddresses(IConfiguration configuration, int? metricsPort)
    {
        var configured = HasConfiguredAddress(configuration);
        GrpcUrls = configured ? configuration["urls"] : DefaultGrpcUrl;
        // An empty Http:Urls turns the second address off; unset, it follows the default gRPC one.
        HttpUrls = configuration["Http:Urls"] ?? (configured ? null : DefaultHttpUrl);
        foreach (var address in Split(GrpcUrls).Where(a => a.Scheme == "https"))
        {
            _tlsPorts.Add(address.Port);
        }

        foreach (var address in Split(HttpUrls))
        {
            (address.Scheme == "https" ? _tlsPorts : _http1Ports).Add(address.Port);
        }

        if (metricsPort is { } port)
        {
            _http1Ports.Add(port);
        }
    }

    /// <summary>The gRPC addresses (<c>--urls</c>), or null when Kestrel's own configuration names them.</summary>
    public string? GrpcUrls { get; }

    /// <summary>The REST, OpenAPI and gRPC-Web addresses, if any.</summary>
    public string? HttpUrls { get; }

    public static ListenAddresses From(IConfiguration configuration, int? metricsPort) => new(configuration, metricsPort);

    /// <summary>HTTP/1.1 for the metrics and REST ports, both with ALPN under TLS, else HTTP/2 with prior knowledge.</summary>
    public HttpProtocols ProtocolsOf(int? port) => port switch
    {
        { } p when _tlsPorts.Contains(p) => HttpProtocols.Http1AndHttp2,
        { } p when _http1Ports.Contains(p) => HttpProtocols.Http1,
        _ => HttpProtocols.Http2,
    };

    private static IEnumerable<BindingAddress> Split(string? urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(BindingAddress.Parse);

    private static bool HasConfiguredAddress(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"])
        || !string.IsNullOrEmpty(configuration["http_ports"])
        || !string.IsNullOrEmpty(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
}
