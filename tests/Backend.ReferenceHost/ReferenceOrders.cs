using Backend.Orders.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Money = Backend.Type.V1.Money;

namespace Backend.ReferenceHost;

/// <summary>
/// GetOrder as bare as grpc-dotnet serves a unary call: one order of the platform's usual shape,
/// kept in memory and answered for any id, without storage, identity or validation. What the
/// platform's GetOrder costs on top of this is the platform's.
/// </summary>
internal sealed class ReferenceOrders : OrderService.OrderServiceBase
{
    private static readonly GetOrderResponse Answer = new()
    {
        Order = new Order
        {
            Id = "0192f1a2b3c4d5e6f708192a3b4c5d6e",
            UserId = "0192f1a2b3c4d5e6f708192a3b4c5d6f",
            Items = { new LineItem { Sku = "load-sku", Quantity = 2, UnitPrice = new Money { CurrencyCode = "EUR", Units = 9, Nanos = 990_000_000 } } },
            Total = new Money { CurrencyCode = "EUR", Units = 19, Nanos = 980_000_000 },
            Status = OrderStatus.PendingPayment,
            Revision = 1,
            Etag = "1",
            CreateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
            UpdateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
        },
    };

    public override Task<GetOrderResponse> GetOrder(GetOrderRequest request, ServerCallContext context) => Task.FromResult(Answer);
}
