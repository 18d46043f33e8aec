using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Platform.Hosting;

/// <summary>
/// Which of the composed services this process hosts: configuration <c>Host:Services</c>, a
/// comma-separated list of service names (default: every service the host composes). The platform
/// knows no service by name: each one declares its own with <see cref="AddsService"/>, and a name
/// that no service declared stops the start (<see cref="ServiceNamesCheck"/>).
/// </summary>
public static class HostedServices
{
    /// <summary>The configuration key that names the services this process hosts (read below by its literal name).</summary>
    public const string Key = "Host:Services";

    /// <summary>The names in <c>Host:Services</c>, in lower case; empty: every composed service.</summary>
    public static IReadOnlySet<string> Named(IConfiguration configuration)
    {
        var section = configuration.GetSection("Host:Services");
        var names = section.Value is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        return names.Select(n => n.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether this process hosts the service of that name.</summary>
    public static bool Hosts(this IConfiguration configuration, string service)
    {
        var named = Named(configuration);
        return named.Count == 0 || named.Contains(service);
    }

    /// <summary>
    /// Declares a service the host composes, so that <c>Host:Services</c> may name it, and tells
    /// whether this process hosts it.
    /// </summary>
    public static bool AddsService(this WebApplicationBuilder builder, string service)
    {
        builder.Services.AddSingleton(new ComposedService(service));
        return builder.Configuration.Hosts(service);
    }
}
