using Backend.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Backend.IntegrationTests.Users.SignIn;

/// <summary>
/// The real password hasher, counting every hash it computes (a verification is one hash), and
/// able to hold hashes until a test lets them finish.
/// </summary>
internal sealed class CountingPasswordHasher : IPasswordHasher<User>
{
    private readonly PasswordHasher<User> _inner = new(Options.Create(new PasswordHasherOptions { IterationCount = 1000 }));
    private int _hashes;

    public int Hashes => Volatile.Read(ref _hashes);

    /// <summary>Released once for every hash that has started.</summary>
    public SemaphoreSlim Started { get; } = new(0);

    /// <summary>When set, every hash waits until it is opened.</summary>
    public ManualResetEventSlim? Gate { get; set; }

    public string HashPassword(User user, string password)
    {
        Enter();
        return _inner.HashPassword(user, password);
    }

    public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
    {
        Enter();
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }

    private void Enter()
    {
        Interlocked.Increment(ref _hashes);
        Started.Release();
        Gate?.Wait(TimeSpan.FromMinutes(1));
    }
}
