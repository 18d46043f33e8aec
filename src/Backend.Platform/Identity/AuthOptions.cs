namespace Backend.Platform.Identity;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// The HMAC-SHA256 key tokens are signed and checked with: base64 of at least 32 bytes, or
    /// text of at least 32 characters. Every process of one platform shares it. Required outside
    /// Development, where a random key is generated on first start and kept in the data directory.
    /// </summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "backend";

    public string Audience { get; set; } = "backend";

    /// <summary>How long an issued access token is accepted.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Tolerance for clocks that differ between processes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
