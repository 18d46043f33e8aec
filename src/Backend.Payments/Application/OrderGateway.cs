using Backend.Orders.V1;
using Backend.Platform.Errors;
using Grpc.Core;

namespace Backend.Payments.Application;

/// <summary>
/// OrderService as the payment service sees it, reached only through the generated client
/// (over the network even when both run in one process), with the service's own token. The
/// client gives each call the deadline of the incoming call being handled, if any, or else
/// Payments:OrdersDeadline.
/// </summary>
internal sealed class OrderGateway(OrderService.OrderServiceClient orders)
{
    public async Task<Order> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await orders.GetOrderAsync(new GetOrderRequest { OrderId = orderId }, cancellationToken: cancellationToken);
            return response.Order;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            throw DomainException.NotFound("order", orderId);
        }
        catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw new DomainException(ErrorKind.Unavailable, "ORDERS_UNAVAILABLE",
                "The order service cannot be reached; nothing was charged. Retry with the same idempotency key.");
        }
    }

    public Task MarkPaidAsync(string orderId, string paymentId, CancellationToken cancellationToken) =>
        orders.MarkOrderPaidAsync(new MarkOrderPaidRequest { OrderId = orderId, PaymentId = paymentId }, cancellationToken: cancellationToken)
            .ResponseAsync;

    public Task MarkRefundedAsync(string orderId, string paymentId, CancellationToken cancellationToken) =>
        orders.MarkOrderRefundedAsync(new MarkOrderRefundedRequest { OrderId = orderId, PaymentId = paymentId }, cancellationToken: cancellationToken)
            .ResponseAsync;
}
