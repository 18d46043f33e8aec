using Backend.Orders.V1;

namespace Backend.Orders.Grpc;

/// <summary>
/// The gRPC face of OrderService. Methods not overridden here answer UNIMPLEMENTED.
/// </summary>
internal sealed class OrderGrpcService : OrderService.OrderServiceBase;
