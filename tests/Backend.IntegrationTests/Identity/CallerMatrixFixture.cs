using System.Security.Cryptography;
using System.Text;

namespace Backend.IntegrationTests.Identity;

/// <summary>One host for the whole caller matrix, with the payments service's client registered.</summary>
public sealed class CallerMatrixFixture : IAsyncLifetime
{
    public const string PaymentsSecret = "the payments service's secret";

    public BackendFactory Factory { get; } = new BackendFactory()
        .With("Auth:Clients:payments:SecretSha256", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PaymentsSecret))))
        .With("RateLimiting:Enabled", "false");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
}
