namespace Backend.Users.Domain;

/// <summary>
/// An account's record of wrong passwords: how many in the current window, since when, and until
/// when sign-ins are refused outright.
/// </summary>
public readonly record struct SignInFailures(int Count, DateTimeOffset? Since, DateTimeOffset? LockedUntil)
{
    public static SignInFailures None => default;

    public bool IsNone => Count == 0 && Since is null && LockedUntil is null;
}
