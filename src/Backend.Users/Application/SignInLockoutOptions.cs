using Backend.Users.Domain;

namespace Backend.Users.Application;

/// <summary>Configuration section <c>Auth:Lockout</c>: when an account stops accepting sign-ins.</summary>
public sealed class SignInLockoutOptions
{
    public const string Section = "Auth:Lockout";

    /// <summary>Wrong passwords within <see cref="Window"/> after which sign-ins are refused.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>How long failures keep counting; a window without failures starts the count afresh.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The first refusal's wait; each further wrong password doubles it.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    public SignInLockout ToPolicy() =>
        new(Math.Max(1, MaxFailures), Window, BaseDelay > TimeSpan.Zero ? BaseDelay : TimeSpan.FromSeconds(1), MaxDelay);
}
