namespace Backend.Users.Application;

/// <summary>Configuration section <c>Users</c>.</summary>
public sealed class UsersOptions
{
    public const string Section = "Users";

    /// <summary>
    /// PBKDF2 (HMAC-SHA512) iterations of the password hash. The default follows current
    /// guidance; lower it only for test fixtures that create thousands of users.
    /// </summary>
    public int PasswordHashIterations { get; set; } = 210_000;
}
