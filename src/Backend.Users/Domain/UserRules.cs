namespace Backend.Users.Domain;

/// <summary>The rules for display names and passwords.</summary>
public static class UserRules
{
    public const int MaxDisplayNameLength = 100;
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 128;

    public static string NormalizeDisplayName(string displayName) => displayName.Trim();

    public static string? DisplayNameProblem(string normalized) =>
        normalized.Length == 0 ? "is required"
        : normalized.Length > MaxDisplayNameLength ? $"must be at most {MaxDisplayNameLength} characters"
        : normalized.Any(char.IsControl) ? "must not contain control characters"
        : null;

    public static string? PasswordProblem(string password) =>
        password.Length < MinPasswordLength ? $"must be at least {MinPasswordLength} characters"
        : password.Length > MaxPasswordLength ? $"must be at most {MaxPasswordLength} characters"
        : null;
}
