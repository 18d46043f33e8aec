using Backend.Testing;
using Backend.Users.V1;
using Google.Rpc;
using Grpc.Core;

namespace Backend.IntegrationTests.Users.SignIn;

public sealed class LockoutTests
{
    private const string Email = "target@example.com";
    private const string Password = "the right password";

    [Fact]
    public async Task Authenticate_FiveWrongPasswords_NextRefusedOnAnotherInstanceFromAnotherAddressWithoutHashing()
    {
        await using var factory = new BackendFactory();
        using var host = new SignInHost(factory);
        var user = await host.SignUpAsync(Email, Password);
        for (var i = 0; i < 5; i++)
        {
            await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () => host.SignInAsync(Email, $"wrong {i}", $"192.0.2.{i + 1}"), "INVALID_CREDENTIALS");
        }

        await using var second = factory.Restarted();
        using var secondHost = new SignInHost(second);
        var refused = await GrpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => secondHost.SignInAsync(Email, Password, "198.51.100.7"), "ACCOUNT_LOCKED");

        var retryDelay = refused.Exception.GetRpcStatus()!.GetDetail<RetryInfo>()?.RetryDelay.ToTimeSpan();
        Assert.NotNull(retryDelay);
        Assert.InRange(retryDelay.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(0, secondHost.Hasher.Hashes);
        // Failed sign-ins are not changes of the user: its etag stays.
        var stored = await secondHost.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(secondHost.AdminToken()));
        Assert.Equal(user.Etag, stored.User.Etag);
    }

    [Fact]
    public async Task Authenticate_WrongPasswordsAfterEachLockEnds_WaitDoubles()
    {
        await using var factory = new BackendFactory();
        using var host = new SignInHost(factory);
        await host.SignUpAsync(Email, Password);
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => host.SignInAsync(Email, "wrong"));
        }

        var waits = new List<TimeSpan> { await RetryDelayAsync(host) };
        for (var i = 0; i < 2; i++)
        {
            host.Clock.Advance(waits[^1] + TimeSpan.FromSeconds(1));
            await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () => host.SignInAsync(Email, "wrong"), "INVALID_CREDENTIALS");
            waits.Add(await RetryDelayAsync(host));
        }

        Assert.InRange(waits[0], TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        Assert.InRange(waits[1], waits[0] * 1.9, waits[0] * 2.1);
        Assert.InRange(waits[2], waits[1] * 1.9, waits[1] * 2.1);
    }

    [Fact]
    public async Task Authenticate_RightPasswordBeforeTheLimit_StartsTheCountAfresh()
    {
        await using var factory = new BackendFactory();
        using var host = new SignInHost(factory);
        await host.SignUpAsync(Email, Password);
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => host.SignInAsync(Email, "wrong"));
        }

        Assert.NotEmpty((await host.SignInAsync(Email, Password)).AccessToken);
        for (var i = 0; i < 4; i++)
        {
            await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () => host.SignInAsync(Email, "wrong"), "INVALID_CREDENTIALS");
        }

        Assert.NotEmpty((await host.SignInAsync(Email, Password)).AccessToken);
    }

    [Fact]
    public async Task Authenticate_LockEndedAndQuietWindowPassed_RightPasswordSignsIn()
    {
        await using var factory = new BackendFactory();
        using var host = new SignInHost(factory);
        await host.SignUpAsync(Email, Password);
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => host.SignInAsync(Email, "wrong"));
        }

        host.Clock.Advance(TimeSpan.FromMinutes(16));

        Assert.NotEmpty((await host.SignInAsync(Email, Password)).AccessToken);
    }

    private static async Task<TimeSpan> RetryDelayAsync(SignInHost host)
    {
        var refused = await GrpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => host.SignInAsync(Email, Password), "ACCOUNT_LOCKED");
        return refused.Exception.GetRpcStatus()!.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan();
    }
}
