using Backend.Orders.V1;
using Grpc.Core;
using Grpc.Health.V1;

namespace Backend.Client.Tests;

/// <summary>A gRPC service that calls a Backend service while it handles each call, as a consuming service does.</summary>
internal sealed class RelayingHealth(OrderService.OrderServiceClient orders) : Health.HealthBase
{
    public override async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        await orders.GetOrderAsync(new GetOrderRequest { OrderId = request.Service });
        return new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving };
    }
}
