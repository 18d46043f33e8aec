using Backend.Testing;
using Backend.Users.Application;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.IntegrationTests.Users.SignIn;

public sealed class SignInCostTests
{
    [Fact]
    public async Task Authenticate_UnknownEmailOrWrongPassword_OneHashEach()
    {
        await using var factory = new BackendFactory();
        using var host = new SignInHost(factory);
        await host.SignUpAsync("known@example.com", "the right password");
        // The hash an unknown email is checked against is made once per process, on first need.
        await Assert.ThrowsAsync<RpcException>(() => host.SignInAsync("warm-up@example.com", "any password"));

        var beforeUnknown = host.Hasher.Hashes;
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () => host.SignInAsync("unknown@example.com", "a password"), "INVALID_CREDENTIALS");
        var unknownEmail = host.Hasher.Hashes - beforeUnknown;
        var beforeWrong = host.Hasher.Hashes;
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () => host.SignInAsync("known@example.com", "a wrong password"), "INVALID_CREDENTIALS");
        var wrongPassword = host.Hasher.Hashes - beforeWrong;

        Assert.Equal(1, unknownEmail);
        Assert.Equal(1, wrongPassword);
    }

    [Fact]
    public async Task Authenticate_HashingPoolAndQueueFull_RefusedAtOnceWithRetryInfo()
    {
        await using var factory = new BackendFactory()
            .With("Users:PasswordHashing:MaxConcurrent", "1")
            .With("Users:PasswordHashing:QueueLimit", "1");
        using var host = new SignInHost(factory);
        await host.SignUpAsync("busy@example.com", "the right password");
        using var gate = new ManualResetEventSlim();
        host.Hasher.Gate = gate;
        var startedBefore = host.Hasher.Hashes;

        var hashing = host.SignInAsync("busy@example.com", "the right password", "192.0.2.10");
        Assert.True(await host.Hasher.Started.WaitAsync(TimeSpan.FromSeconds(30)), "The first sign-in never started hashing.");
        var queued = host.SignInAsync("busy@example.com", "the right password", "192.0.2.11");
        var pool = host.Services.GetRequiredService<PasswordHashing>();
        for (var waited = 0; pool.Waiting < 1 && waited < 600; waited++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, pool.Waiting);
        var refused = await GrpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => host.SignInAsync("busy@example.com", "the right password", "192.0.2.12"), "PASSWORD_HASHING_BUSY");
        var hashesWhileFull = host.Hasher.Hashes - startedBefore;
        gate.Set();

        Assert.True(refused.Exception.GetRpcStatus()!.GetDetail<RetryInfo>()?.RetryDelay.ToTimeSpan() > TimeSpan.Zero);
        Assert.Equal(1, hashesWhileFull);
        // The running and the queued sign-in both finish once hashing is free again.
        Assert.NotEmpty((await hashing).AccessToken);
        Assert.NotEmpty((await queued).AccessToken);
    }
}
