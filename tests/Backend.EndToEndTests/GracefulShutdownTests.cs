using System.Collections.Concurrent;
using Backend.Orders.V1;
using Backend.Testing;
using Backend.Users.V1;
using Google.Rpc;
using Grpc.Core;
using Money = Backend.Type.V1.Money;

namespace Backend.EndToEndTests;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_WithHundredOpenStreamsAndWritesInFlight_StreamsEndUnavailableAndNoAcknowledgedWriteLost()
    {
        var data = Path.Combine(Path.GetTempPath(), "backend-e2e", Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["Bootstrap__AdminEmail"] = "ops@example.com",
            ["Bootstrap__AdminPassword"] = "operations password",
            ["Shutdown__DrainDelay"] = "00:00:01",
        };
        var host = await HostProcess.StartAsync(environment, dataDirectory: data, direct: true);
        var signedIn = await new UserService.UserServiceClient(host.Channel)
            .AuthenticateAsync(new AuthenticateRequest { Email = "ops@example.com", Password = "operations password" });
        var headers = Bearer.Headers(signedIn.AccessToken);
        var orders = new OrderService.OrderServiceClient(host.Channel);
        var watched = await Place(orders, headers, signedIn.User.Id);

        var endings = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            using var call = orders.WatchOrder(new WatchOrderRequest { OrderId = watched.Id }, headers);
            try
            {
                await foreach (var _ in call.ResponseStream.ReadAllAsync())
                {
                }

                return ("OK", "");
            }
            catch (RpcException error)
            {
                return (error.StatusCode.ToString(), error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason ?? "");
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));

        var acknowledged = new ConcurrentBag<string>();
        using var stopWriting = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stopWriting.IsCancellationRequested)
            {
                try
                {
                    acknowledged.Add((await Place(orders, headers, signedIn.User.Id)).Id);
                }
                catch (RpcException)
                {
                    await Task.Delay(20);
                }
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        await host.SendTerminateAsync();
        // Health says NOT_SERVING first, while calls are still answered (the drain delay).
        var health = new Grpc.Health.V1.Health.HealthClient(host.Channel);
        var notServing = false;
        for (var i = 0; i < 50 && !notServing; i++)
        {
            notServing = (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest())).Status
                == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.NotServing;
            await Task.Delay(20);
        }

        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await stopWriting.CancelAsync();
        await Task.WhenAll(writers);
        var results = await Task.WhenAll(endings).WaitAsync(TimeSpan.FromSeconds(10));
        var output = host.Output;
        await host.DisposeAsync();

        Assert.True(notServing, "health never said NOT_SERVING before the host stopped");
        // A planned shutdown is not an error: the probes that found the host draining left none in its log.
        Assert.DoesNotContain("with status Unhealthy", output, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
        Assert.All(results, r => Assert.Equal(("Unavailable", "SERVER_SHUTTING_DOWN"), r));
        Assert.NotEmpty(acknowledged);
        await using var restarted = await HostProcess.StartAsync(environment, dataDirectory: data, direct: true);
        var after = new OrderService.OrderServiceClient(restarted.Channel);
        foreach (var orderId in acknowledged)
        {
            Assert.Equal(orderId, (await after.GetOrderAsync(new GetOrderRequest { OrderId = orderId }, headers)).Order.Id);
        }
    }

    private static async Task<Order> Place(OrderService.OrderServiceClient orders, Metadata headers, string userId) =>
        (await orders.CreateOrderAsync(new CreateOrderRequest
        {
            UserId = userId,
            Items = { new LineItem { Sku = "sku", Quantity = 1, UnitPrice = new Money { CurrencyCode = "EUR", Units = 3 } } },
        }, headers)).Order;
}
