using Backend.Payments.Application;
using Backend.Payments.V1;
using Backend.Platform.Identity;
using Grpc.Core;

namespace Backend.Payments.Grpc;

/// <summary>
/// The gRPC face of PaymentService: requests arrive validated; this calls the payment desk and
/// maps the result.
/// </summary>
internal sealed class PaymentGrpcService(PaymentDesk desk) : PaymentService.PaymentServiceBase
{
    public override async Task<CreatePaymentResponse> CreatePayment(CreatePaymentRequest request, ServerCallContext context)
    {
        var payment = await desk.CreateAsync(
            request.OrderId, request.Amount.ToDomain(), request.PaymentMethod, request.IdempotencyKey, context.GetCaller(), context.CancellationToken);
        return new CreatePaymentResponse { Payment = payment.ToProto() };
    }

    public override async Task<GetPaymentResponse> GetPayment(GetPaymentRequest request, ServerCallContext context)
    {
        var payment = await desk.GetAsync(request.PaymentId, context.GetCaller(), context.CancellationToken);
        return new GetPaymentResponse { Payment = payment.ToProto() };
    }

    public override async Task<ListPaymentsResponse> ListPayments(ListPaymentsRequest request, ServerCallContext context)
    {
        var page = await desk.ListAsync(request.OrderId, request.PageSize, request.PageToken, context.GetCaller(), context.CancellationToken);
        return new ListPaymentsResponse { Payments = { page.Payments.Select(p => p.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<RefundPaymentResponse> RefundPayment(RefundPaymentRequest request, ServerCallContext context)
    {
        var (payment, refund) = await desk.RefundAsync(
            request.PaymentId, request.Amount?.ToDomain(), request.IdempotencyKey, request.Reason.Trim(), context.GetCaller(), context.CancellationToken);
        return new RefundPaymentResponse { Payment = payment.ToProto(), Refund = refund.ToProto() };
    }
}
