using Backend.Orders.Domain;
using Google.Protobuf.WellKnownTypes;
using Proto = Backend.Orders.V1;
using DomainMoney = Backend.Platform.Domain.Money;
using ProtoMoney = Backend.Type.V1.Money;

namespace Backend.Orders.Grpc;

internal static class OrderMapper
{
    public static Proto.Order ToProto(this Order order) => OrderSnapshot.Of(order).ToProto();

    public static Proto.Order ToProto(this OrderSnapshot order)
    {
        var message = new Proto.Order
        {
            Id = order.Id,
            UserId = order.UserId,
            Total = new ProtoMoney { CurrencyCode = order.CurrencyCode, Units = order.TotalUnits, Nanos = order.TotalNanos },
            Status = (Proto.OrderStatus)order.Status,
            Revision = order.Revision,
            PaymentId = order.PaymentId,
            CreateTime = Timestamp.FromDateTimeOffset(order.CreateTime),
            UpdateTime = Timestamp.FromDateTimeOffset(order.UpdateTime),
            Etag = order.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CancelReason = order.CancelReason,
            RefundedAmount = new ProtoMoney { CurrencyCode = order.CurrencyCode, Units = order.RefundedUnits, Nanos = order.RefundedNanos },
        };
        message.Items.AddRange(order.Items.Select(i => new Proto.LineItem
        {
            Sku = i.Sku,
            Quantity = i.Quantity,
            UnitPrice = new ProtoMoney { CurrencyCode = order.CurrencyCode, Units = i.UnitPriceUnits, Nanos = i.UnitPriceNanos },
        }));
        return message;
    }

    public static Proto.Price ToProto(this ListedPrice price) => new()
    {
        Sku = price.Sku,
        UnitPrice = new ProtoMoney { CurrencyCode = price.CurrencyCode, Units = price.UnitPriceUnits, Nanos = price.UnitPriceNanos },
        UpdateTime = Timestamp.FromDateTimeOffset(price.UpdateTime),
    };

    public static DomainMoney ToDomain(this ProtoMoney money) => DomainMoney.FromParts(money.CurrencyCode, money.Units, money.Nanos);

    public static Proto.OrderEvent ToProto(this OrderEvent orderEvent) => new()
    {
        OrderId = orderEvent.OrderId,
        Revision = orderEvent.Revision,
        Status = (Proto.OrderStatus)orderEvent.Status,
        PreviousStatus = (Proto.OrderStatus)orderEvent.PreviousStatus,
        EventTime = Timestamp.FromDateTimeOffset(orderEvent.EventTime),
        Order = orderEvent.Snapshot.ToProto(),
    };
}
