using Backend.Testing;
using Backend.Users.V1;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;

namespace Backend.IntegrationTests;

public sealed class LimitsTests
{
    [Fact]
    public async Task CreateUser_MessageOverOneMebibyte_ResourceExhaustedAndNothingStored()
    {
        await using var factory = new BackendFactory();

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Users.CreateUserAsync(new CreateUserRequest
        {
            Email = "big@example.com",
            DisplayName = new string('x', 1_100_000),
            Password = "a password long enough",
        }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var all = await factory.Users.ListUsersAsync(new ListUsersRequest(), Bearer.Headers(factory.AdminToken()));
        Assert.Empty(all.Users);
    }

    [Fact]
    public async Task Calls_OverTheCallersRate_ResourceExhaustedWithRetryInfoThenRecover()
    {
        await using var factory = new BackendFactory()
            .With("RateLimiting:PermitsPerSecond", "20")
            .With("RateLimiting:Burst", "5");
        var (user, token) = await factory.SignUpAsync();
        var (other, otherToken) = await factory.SignUpAsync();
        var request = new GetUserRequest { UserId = user.Id };

        RpcException? refused = null;
        for (var i = 0; i < 50 && refused is null; i++)
        {
            try
            {
                await factory.Users.GetUserAsync(request, Bearer.Headers(token));
            }
            catch (RpcException error)
            {
                refused = error;
            }
        }

        Assert.NotNull(refused);
        var limited = await GrpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => Task.FromException(refused), "RATE_LIMITED");
        Assert.NotNull(limited);
        var retryInfo = limited.Exception.GetRpcStatus()!.GetDetail<RetryInfo>();
        Assert.NotNull(retryInfo);
        Assert.True(retryInfo.RetryDelay.ToTimeSpan() > TimeSpan.Zero);
        // Others are not held back, and health never is.
        Assert.Equal(other.Id, (await factory.Users.GetUserAsync(new GetUserRequest { UserId = other.Id }, Bearer.Headers(otherToken))).User.Id);
        for (var i = 0; i < 20; i++)
        {
            await new Health.HealthClient(factory.Channel).CheckAsync(new HealthCheckRequest());
        }

        await Task.Delay(retryInfo.RetryDelay.ToTimeSpan() + TimeSpan.FromMilliseconds(300));
        Assert.Equal(user.Id, (await factory.Users.GetUserAsync(request, Bearer.Headers(token))).User.Id);
    }
}
