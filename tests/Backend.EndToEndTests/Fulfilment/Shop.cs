using Backend.Orders.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;
using Money = Backend.Type.V1.Money;

namespace Backend.EndToEndTests.Fulfilment;

/// <summary>An operator placing and paying orders, and reading them back.</summary>
internal sealed class Shop(OrderService.OrderServiceClient orders, Metadata headers, string userId)
{
    public static async Task<Shop> OpenAsync(HostProcess host)
    {
        var signIn = await new UserService.UserServiceClient(host.Channel)
            .AuthenticateAsync(new AuthenticateRequest { Email = "ops@example.com", Password = "operations password" });
        return new Shop(new OrderService.OrderServiceClient(host.Channel), Bearer.Headers(signIn.AccessToken), signIn.User.Id);
    }

    public async Task<List<string>> PayNewOrdersAsync(int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var order = (await orders.CreateOrderAsync(new CreateOrderRequest
            {
                UserId = userId,
                Items = { new LineItem { Sku = "parcel", Quantity = 1, UnitPrice = new Money { CurrencyCode = "EUR", Units = 9 } } },
            }, headers)).Order;
            await orders.MarkOrderPaidAsync(new MarkOrderPaidRequest { OrderId = order.Id, PaymentId = Guid.NewGuid().ToString("N") }, headers);
            ids.Add(order.Id);
        }

        return ids;
    }

    public async Task<Order> GetAsync(string id) => (await orders.GetOrderAsync(new GetOrderRequest { OrderId = id }, headers)).Order;

    public async Task WaitUntilShippedAsync(IReadOnlyList<string> ids, WorkerProcess worker)
    {
        var until = DateTime.UtcNow + HostProcess.StartTimeout;
        var waiting = ids.ToList();
        while (waiting.Count > 0)
        {
            Assert.True(DateTime.UtcNow < until, $"{waiting.Count} paid orders not shipped:\n" + worker.Output);
            var order = await GetAsync(waiting[0]);
            if (order.Status == OrderStatus.Shipped)
            {
                waiting.RemoveAt(0);
            }
            else
            {
                await Task.Delay(100);
            }
        }
    }
}
