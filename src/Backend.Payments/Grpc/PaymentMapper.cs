using Backend.Payments.Domain;
using Google.Protobuf.WellKnownTypes;
using DomainMoney = Backend.Platform.Domain.Money;
using Proto = Backend.Payments.V1;
using ProtoMoney = Backend.Type.V1.Money;

namespace Backend.Payments.Grpc;

internal static class PaymentMapper
{
    public static Proto.Payment ToProto(this Payment payment) => new()
    {
        Id = payment.Id,
        OrderId = payment.OrderId,
        UserId = payment.UserId,
        Amount = payment.Amount.ToProto(),
        Status = (Proto.PaymentStatus)payment.Status,
        FailureReason = payment.FailureReason,
        RefundedAmount = payment.Refunded.ToProto(),
        CreateTime = Timestamp.FromDateTimeOffset(payment.CreateTime),
        UpdateTime = Timestamp.FromDateTimeOffset(payment.UpdateTime),
        PaymentMethod = payment.PaymentMethod,
    };

    public static Proto.Refund ToProto(this Refund refund) => new()
    {
        Id = refund.Id,
        PaymentId = refund.PaymentId,
        Amount = refund.Amount.ToProto(),
        Reason = refund.Reason,
        CreateTime = Timestamp.FromDateTimeOffset(refund.CreateTime),
    };

    public static ProtoMoney ToProto(this DomainMoney money) =>
        new() { CurrencyCode = money.CurrencyCode, Units = money.Units, Nanos = money.NanoPart };

    public static DomainMoney ToDomain(this ProtoMoney money) => DomainMoney.FromParts(money.CurrencyCode, money.Units, money.Nanos);
}
