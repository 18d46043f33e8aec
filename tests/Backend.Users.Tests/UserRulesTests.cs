using Backend.Users.Domain;

namespace Backend.Users.Tests;

public sealed class UserRulesTests
{
    [Fact]
    public void NormalizeDisplayName_Spaces_Trimmed()
    {
        Assert.Equal("Ada Lovelace", UserRules.NormalizeDisplayName("  Ada Lovelace \t"));
    }

    [Fact]
    public void DisplayNameProblem_Empty_Required()
    {
        Assert.Equal("is required", UserRules.DisplayNameProblem(""));
    }

    [Fact]
    public void DisplayNameProblem_AtAndPastTheLimit_OnlyPastRefused()
    {
        Assert.Null(UserRules.DisplayNameProblem(new string('a', UserRules.MaxDisplayNameLength)));
        Assert.Equal($"must be at most {UserRules.MaxDisplayNameLength} characters",
            UserRules.DisplayNameProblem(new string('a', UserRules.MaxDisplayNameLength + 1)));
    }

    [Fact]
    public void DisplayNameProblem_ControlCharacter_Refused()
    {
        Assert.Equal("must not contain control characters", UserRules.DisplayNameProblem("Ada\u0007"));
    }

    [Theory]
    [InlineData(UserRules.MinPasswordLength - 1, "must be at least 12 characters")]
    [InlineData(UserRules.MinPasswordLength, null)]
    [InlineData(UserRules.MaxPasswordLength, null)]
    [InlineData(UserRules.MaxPasswordLength + 1, "must be at most 128 characters")]
    public void PasswordProblem_ByLength_OnlyWithinTheBoundsAccepted(int length, string? problem)
    {
        Assert.Equal(problem, UserRules.PasswordProblem(new string('p', length)));
    }
}
