using Backend.Platform.Health;
using Backend.Platform.Hosting;
using Backend.Orders.Grpc;
using Backend.Orders.V1;
using Microsoft.AspNetCore.Builder;

namespace Backend.Orders;

public static class Extensions
{
    /// <summary>Registers OrderService, when configuration <c>Host:Services</c> hosts it here.</summary>
    public static WebApplicationBuilder AddOrders(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.Hosts(HostedServices.Orders))
        {
            return builder;
        }

        builder.Services.AddServiceHealth(OrderService.Descriptor.FullName);
        return builder;
    }

    /// <summary>Maps OrderService's endpoints, when this process hosts it.</summary>
    public static WebApplication MapOrders(this WebApplication app)
    {
        if (app.Configuration.Hosts(HostedServices.Orders))
        {
            app.MapGrpcService<OrderGrpcService>();
        }

        return app;
    }
}
