using Backend.Testing;
using Backend.Users.V1;
using Google.Rpc;
using Grpc.Core;

namespace Backend.IntegrationTests.Users.SignIn;

public sealed class AnonymousBudgetTests
{
    [Fact]
    public async Task SignInAndSignUp_OverTheDefaultBudgetOfAnAddress_RefusedWithRetryInfoWhileOthersAreServed()
    {
        // The factories raise the budget for their many sign-ins; this one keeps the default of 10 a minute.
        await using var factory = new BackendFactory().Without("RateLimiting:Anonymous:PermitsPerMinute");
        using var host = new SignInHost(factory);
        const string Flooder = "203.0.113.5";
        var user = await host.SignUpAsync("reader@example.com", "the reader's password");
        var token = (await host.SignInAsync("reader@example.com", "the reader's password", "192.0.2.251")).AccessToken;

        var served = 0;
        RpcException? refused = null;
        // Ten fit the budget; on a slow machine a few more may have been refilled meanwhile.
        for (var i = 0; i < 30 && refused is null; i++)
        {
            try
            {
                if (i % 2 == 0)
                {
                    await host.SignInAsync($"nobody-{i}@example.com", "a password", Flooder);
                }
                else
                {
                    await host.Users.CreateUserAsync(
                        new CreateUserRequest { Email = $"new-{i}@example.com", DisplayName = "New", Password = "a long enough password" },
                        SignInHost.From(Flooder));
                }

                served++;
            }
            catch (RpcException error) when (error.StatusCode != StatusCode.ResourceExhausted)
            {
                served++;
            }
            catch (RpcException error)
            {
                refused = error;
            }
        }

        Assert.NotNull(refused);
        var limited = await GrpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => Task.FromException(refused), "RATE_LIMITED");
        Assert.True(limited.Exception.GetRpcStatus()!.GetDetail<RetryInfo>()?.RetryDelay.ToTimeSpan() > TimeSpan.Zero);
        Assert.InRange(served, 10, 15);
        // Another address signs in, and the generic limit still serves the flooding address's other calls.
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () => host.SignInAsync("nobody@example.com", "a password", "203.0.113.6"), "INVALID_CREDENTIALS");
        var headers = Bearer.Headers(token);
        headers.Add(ClientAddressStartupFilter.Header, Flooder);
        var read = await host.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, headers);
        Assert.Equal(user.Id, read.User.Id);
    }
}
