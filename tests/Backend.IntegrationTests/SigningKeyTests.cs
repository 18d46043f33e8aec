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
    public void Start_WithSigningKeyThatIsNoPrivateKey_RefusesToStart()
    {
        using var factory = new BackendFactory().With("Auth:SigningKey", "a shared secret of the old kind, long enough");

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("must be a PEM private key", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithShortRsaKey_RefusesToStart()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(1024);
        using var factory = new BackendFactory().With("Auth:SigningKey", rsa.ExportPkcs8PrivateKeyPem());

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("at least 2048 are needed", error.ToString(), StringComparison.Ordinal);
    }
}
