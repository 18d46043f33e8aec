using Microsoft.Extensions.Configuration;

namespace Backend.Platform.Web;

/// <summary>
/// The web origins whose pages may call the platform from a browser (REST or gRPC-Web):
/// <c>Cors:AllowedOrigins</c>, a list or one comma-separated value. None by default, so no page
/// of another origin can call it until an operator says which may.
/// </summary>
internal static class BrowserOrigins
{
    public const string Section = "Cors:AllowedOrigins";

    public static string[] From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var values = section.Value is { } list ? [list] : section.GetChildren().Select(c => c.Value).OfType<string>();
        return values
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }
}
