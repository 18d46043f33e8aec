namespace Backend.Platform.Limits;

/// <summary>Configuration section <c>RateLimiting</c>: a token bucket per caller.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>The calls per second a caller may sustain.</summary>
    public int PermitsPerSecond { get; set; } = 1000;

    /// <summary>The calls a caller may make at once after being idle.</summary>
    public int Burst { get; set; } = 2000;

    /// <summary>The separate, strict budget of sign-in and sign-up calls per address.</summary>
    public AnonymousRateLimitOptions Anonymous { get; set; } = new();
}
