namespace Backend.IntegrationTests;

public sealed class SigningKeyTests
{
    [Fact]
    public void Start_OutsideDevelopmentWithoutSigningKey_RefusesToStart()
    {
        using var factory = new BackendFactory().With("Auth:SigningKey", "");

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("Auth:SigningKey is not set", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithTooShortSigningKey_RefusesToStart()
    {
        using var factory = new BackendFactory().With("Auth:SigningKey", "too-short");

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("at least 32 bytes", error.ToString(), StringComparison.Ordinal);
    }
}
