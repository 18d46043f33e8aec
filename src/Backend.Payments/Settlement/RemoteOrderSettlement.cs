using Backend.Orders.V1;
using Backend.Platform.Errors;
using Google.Rpc;
using Grpc.Core;
using Money = Backend.Platform.Domain.Money;

namespace Backend.Payments.Settlement;

/// <summary>
/// OrderService in another process, through its generated client with the service's own
/// token. The client gives each call the deadline of the incoming call being handled, if any,
/// or else Payments:OrdersDeadline. A refusal with a reason comes back as a
/// <see cref="DomainException"/> with that reason, as the in-process adapter raises it.
/// </summary>
internal sealed class RemoteOrderSettlement(OrderService.OrderServiceClient orders) : IOrderSettlement
{
    public async Task<SettlementOrder> GetOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await orders.GetOrderAsync(new GetOrderRequest { OrderId = orderId }, cancellationToken: cancellationToken);
            return SettlementOrder.From(response.Order);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            throw DomainException.NotFound("order", orderId);
        }
        catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw new DomainException(ErrorKind.Unavailable, "ORDERS_UNAVAILABLE",
                "The order service cannot be reached; nothing was charged or refunded. Retry with the same idempotency key.");
        }
    }

    public async Task MarkPaidAsync(string orderId, string paymentId, CancellationToken cancellationToken)
    {
        try
        {
            await orders.MarkOrderPaidAsync(new MarkOrderPaidRequest { OrderId = orderId, PaymentId = paymentId }, cancellationToken: cancellationToken);
        }
        catch (RpcException error) when (Refusal(error) is { } refusal)
        {
            throw refusal;
        }
    }

    public async Task RecordRefundAsync(string orderId, string paymentId, Money refundedTotal, CancellationToken cancellationToken)
    {
        var request = new MarkOrderRefundedRequest
        {
            OrderId = orderId,
            PaymentId = paymentId,
            RefundedAmount = new Type.V1.Money { CurrencyCode = refundedTotal.CurrencyCode, Units = refundedTotal.Units, Nanos = refundedTotal.NanoPart },
        };
        try
        {
            await orders.MarkOrderRefundedAsync(request, cancellationToken: cancellationToken);
        }
        catch (RpcException error) when (Refusal(error) is { } refusal)
        {
            throw refusal;
        }
    }

    // A FAILED_PRECONDITION names the rule that refused; anything else stays a transport failure, retried.
    private static DomainException? Refusal(RpcException error) =>
        error.StatusCode == StatusCode.FailedPrecondition && error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason is { Length: > 0 } reason
            ? new DomainException(ErrorKind.FailedPrecondition, reason, error.Status.Detail)
            : null;
}
