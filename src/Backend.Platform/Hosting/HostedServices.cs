using Microsoft.Extensions.Configuration;

namespace Backend.Platform.Hosting;

/// <summary>
/// Which of the platform's services this process hosts: configuration <c>Host:Services</c>, a
/// comma-separated list of <c>users</c>, <c>orders</c>, <c>payments</c> (default: all three).
/// </summary>
public static class HostedServices
{
    public const string Users = "users";
    public const string Orders = "orders";
    public const string Payments = "payments";

    private static readonly string[] All = [Users, Orders, Payments];

    public static IReadOnlySet<string> From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Host:Services");
        var names = section.Value is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        if (names.Length == 0)
        {
            names = All;
        }

        var unknown = names.Where(n => !All.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"Host:Services names unknown services: {string.Join(", ", unknown)}. Known: {string.Join(", ", All)}.");
        }

        return names.Select(n => n.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
    }

    public static bool Hosts(this IConfiguration configuration, string service) => From(configuration).Contains(service);
}
