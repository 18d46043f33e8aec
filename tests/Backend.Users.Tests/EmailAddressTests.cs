using Backend.Users.Domain;

namespace Backend.Users.Tests;

public sealed class EmailAddressTests
{
    [Fact]
    public void Normalize_MixedCaseAndSpaces_TrimmedLowerCase()
    {
        Assert.Equal("ada@example.com", EmailAddress.Normalize("  Ada@Example.COM "));
    }

    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("a.b+tag@mail.example.co.uk")]
    public void Problem_WellFormed_None(string email)
    {
        Assert.Null(EmailAddress.Problem(email));
    }

    [Theory]
    [InlineData("", "is required")]
    [InlineData("ada", "must look like name@example.com")]
    [InlineData("@example.com", "must look like name@example.com")]
    [InlineData("ada@", "must look like name@example.com")]
    [InlineData("a@b@example.com", "must look like name@example.com")]
    [InlineData("ada lovelace@example.com", "must look like name@example.com")]
    [InlineData("ada@localhost", "must have a domain such as example.com")]
    [InlineData("ada@.example.com", "must have a domain such as example.com")]
    [InlineData("ada@example..com", "must have a domain such as example.com")]
    public void Problem_Malformed_SaysWhy(string email, string problem)
    {
        Assert.Equal(problem, EmailAddress.Problem(email));
    }

    [Fact]
    public void Problem_LongerThanTheLimit_SaysTheLimit()
    {
        var email = new string('a', 64) + "@" + new string('b', EmailAddress.MaxLength) + ".com";

        Assert.Equal($"must be at most {EmailAddress.MaxLength} characters", EmailAddress.Problem(email));
    }

    [Fact]
    public void Problem_LocalPartOver64_Malformed()
    {
        Assert.Equal("must look like name@example.com", EmailAddress.Problem(new string('a', 65) + "@example.com"));
    }
}
