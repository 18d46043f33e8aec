using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Testing;
using Grpc.Core;

namespace Backend.IntegrationTests.Payments;

internal static class PaymentScenarios
{
    public static CreatePaymentRequest PayRequest(Order order, string method = "pm_card_visa", string? key = null) => new()
    {
        OrderId = order.Id,
        Amount = order.Total.Clone(),
        PaymentMethod = method,
        IdempotencyKey = key ?? Guid.NewGuid().ToString(),
    };

    public static async Task<Payment> PayAsync(this BackendFactory factory, Order order, string token, string method = "pm_card_visa", string? key = null) =>
        (await factory.Payments.CreatePaymentAsync(PayRequest(order, method, key), Bearer.Headers(token))).Payment;

    /// <summary>Waits until the order reaches <paramref name="status"/> (the hand-over is asynchronous).</summary>
    public static async Task<Order> OrderBecomesAsync(this BackendFactory factory, string orderId, Backend.Orders.V1.OrderStatus status, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        var admin = Bearer.Headers(factory.AdminToken());
        while (true)
        {
            var order = (await factory.Orders.GetOrderAsync(new GetOrderRequest { OrderId = orderId }, admin)).Order;
            if (order.Status == status)
            {
                return order;
            }

            Assert.True(DateTime.UtcNow < until, $"order {orderId} is {order.Status}, expected {status}");
            await Task.Delay(25);
        }
    }

    public static Metadata Headers(string token) => Bearer.Headers(token);
}
