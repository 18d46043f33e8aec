using System.Globalization;

namespace Backend.Users.Domain;

/// <summary>A user account. The password hash stays inside the service.</summary>
public sealed class User
{
    public required string Id { get; init; }

    /// <summary>Normalised: trimmed and lower case; unique.</summary>
    public required string Email { get; set; }

    public required string DisplayName { get; set; }

    public UserRole Role { get; set; }

    public required string PasswordHash { get; set; }

    public DateTimeOffset CreateTime { get; init; }

    public DateTimeOffset UpdateTime { get; set; }

    /// <summary>Incremented by every change; the optimistic concurrency token behind the etag.</summary>
    public long Version { get; set; } = 1;

    public string Etag => Version.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Wrong passwords given for this account in the current lockout window. Sign-in failures are
    /// not changes of the user: they leave <see cref="Version"/> (the etag) alone.
    /// </summary>
    public int FailedSignIns { get; set; }

    /// <summary>When the current lockout window began: the first failure it counts.</summary>
    public DateTimeOffset? FailedSignInsSince { get; set; }

    /// <summary>Until when sign-ins are refused without looking at the password.</summary>
    public DateTimeOffset? SignInLockedUntil { get; set; }

    public SignInFailures SignInFailures => new(FailedSignIns, FailedSignInsSince, SignInLockedUntil);
}
