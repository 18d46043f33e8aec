using Backend.Payments.V1;

namespace Backend.Payments.Grpc;

/// <summary>
/// The gRPC face of PaymentService. Methods not overridden here answer UNIMPLEMENTED.
/// </summary>
internal sealed class PaymentGrpcService : PaymentService.PaymentServiceBase;
