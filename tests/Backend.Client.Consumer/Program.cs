using Backend.Client;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Users.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

// Registers the three clients as a worker would, resolves them and makes one call to the address
// given, printing the call's status code: proof that the whole client stack loads and runs.
var address = new Uri(args[0]);
var services = new ServiceCollection();
services.AddBackendAccessToken(_ => ValueTask.FromResult<string?>("a-token"));
void Configure(BackendClientOptions options)
{
    options.Address = address;
    options.MaxAttempts = 1;
}

services.AddUserServiceClient(Configure);
services.AddOrderServiceClient(Configure);
services.AddPaymentServiceClient(Configure);
await using var provider = services.BuildServiceProvider();
provider.GetRequiredService<UserService.UserServiceClient>();
provider.GetRequiredService<PaymentService.PaymentServiceClient>();
var orders = provider.GetRequiredService<OrderService.OrderServiceClient>();

try
{
    await orders.GetOrderAsync(new GetOrderRequest { OrderId = "any" });
    Console.WriteLine(StatusCode.OK);
}
catch (RpcException error)
{
    Console.WriteLine(error.StatusCode);
}
