using Backend.Testing;
using Backend.Orders.V1;
using Money = Backend.Type.V1.Money;

namespace Backend.IntegrationTests.Orders;

/// <summary>Steps the order tests share: placing orders and moving them along.</summary>
internal static class OrderScenarios
{
    public const string PaymentId = "01a20000000070008000000000000001";

    public const string OtherPaymentId = "01a20000000070008000000000000002";

    public static LineItem Item(string sku, int quantity, long units, int nanos = 0, string currency = "EUR") =>
        new() { Sku = sku, Quantity = quantity, UnitPrice = new Money { CurrencyCode = currency, Units = units, Nanos = nanos } };

    /// <summary>Places an order at the items' prices, which are listed first (a customer pays listed prices only).</summary>
    public static async Task<Order> PlaceAsync(this BackendFactory factory, string token, string userId, params LineItem[] items)
    {
        var request = new CreateOrderRequest { UserId = userId };
        request.Items.AddRange(items.Length > 0 ? items : [Item("sku-1", 2, 10, 500_000_000)]);
        await factory.ListPricesOfAsync(request.Items);
        return (await factory.Orders.CreateOrderAsync(request, Bearer.Headers(token))).Order;
    }

    /// <summary>Lists each item's price as it is given, as an admin; an item whose price cannot be listed is left for the order to refuse.</summary>
    public static async Task ListPricesOfAsync(this BackendFactory factory, IEnumerable<LineItem> items)
    {
        var admin = Bearer.Headers(factory.AdminToken());
        foreach (var item in items.Where(i => i.UnitPrice is not null))
        {
            try
            {
                await factory.Orders.SetPriceAsync(new SetPriceRequest { Sku = item.Sku, UnitPrice = item.UnitPrice }, admin);
            }
            catch (Grpc.Core.RpcException error) when (error.StatusCode == Grpc.Core.StatusCode.InvalidArgument)
            {
                // Invalid on purpose: the test is about CreateOrder refusing it.
            }
        }
    }

    /// <summary>A new order of a new user, moved to <paramref name="status"/> the legal way.</summary>
    public static async Task<(Order Order, string UserToken)> OrderInAsync(this BackendFactory factory, OrderStatus status)
    {
        var (user, token) = await factory.SignUpAsync();
        var order = await factory.PlaceAsync(token, user.Id);
        var service = Bearer.Headers(factory.ServiceToken());
        var admin = Bearer.Headers(factory.AdminToken());
        var path = status switch
        {
            OrderStatus.PendingPayment => [],
            OrderStatus.Paid => [OrderStatus.Paid],
            OrderStatus.Shipped => [OrderStatus.Paid, OrderStatus.Shipped],
            OrderStatus.Delivered => [OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Delivered],
            OrderStatus.Cancelled => [OrderStatus.Cancelled],
            OrderStatus.Refunded => new[] { OrderStatus.Paid, OrderStatus.Refunded },
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var step in path)
        {
            // Payments records payments and refunds; fulfilment and cancellation by others are an operator's.
            order = await factory.StepAsync(order.Id, step, step is OrderStatus.Paid or OrderStatus.Refunded ? service : admin);
        }

        return (order, token);
    }

    public static async Task<Order> StepAsync(this BackendFactory factory, string orderId, OrderStatus to, Grpc.Core.Metadata headers, string paymentId = PaymentId) => to switch
    {
        OrderStatus.Paid => (await factory.Orders.MarkOrderPaidAsync(new MarkOrderPaidRequest { OrderId = orderId, PaymentId = paymentId }, headers)).Order,
        OrderStatus.Refunded => (await factory.Orders.MarkOrderRefundedAsync(new MarkOrderRefundedRequest { OrderId = orderId, PaymentId = paymentId }, headers)).Order,
        OrderStatus.Cancelled => (await factory.Orders.CancelOrderAsync(new CancelOrderRequest { OrderId = orderId, Reason = "changed my mind" }, headers)).Order,
        _ => (await factory.Orders.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { OrderId = orderId, Status = to }, headers)).Order,
    };
}
