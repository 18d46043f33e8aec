namespace Backend.Users.Domain;

/// <summary>
/// The rules for email addresses: one canonical form (trimmed, lower case) so that uniqueness
/// ignores letter case, and a plain shape check; whether the mailbox exists is not our concern.
/// </summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Null when <paramref name="normalized"/> is acceptable, otherwise why not.</summary>
    public static string? Problem(string normalized)
    {
        if (normalized.Length == 0)
        {
            return "is required";
        }

        if (normalized.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters";
        }

        var at = normalized.LastIndexOf('@');
        if (at <= 0 || at == normalized.Length - 1 || normalized.IndexOf('@') != at)
        {
            return "must look like name@example.com";
        }

        var local = normalized[..at];
        var domain = normalized[(at + 1)..];
        if (local.Length > 64 || normalized.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "must look like name@example.com";
        }

        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.')
            || domain.Contains("..", StringComparison.Ordinal))
        {
            return "must have a domain such as example.com";
        }

        return null;
    }
}
