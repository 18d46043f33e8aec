using Backend.Platform.Health;
using Backend.Platform.Hosting;
using Backend.Payments.Grpc;
using Backend.Payments.V1;
using Microsoft.AspNetCore.Builder;

namespace Backend.Payments;

public static class Extensions
{
    /// <summary>Registers PaymentService, when configuration <c>Host:Services</c> hosts it here.</summary>
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.Hosts(HostedServices.Payments))
        {
            return builder;
        }

        builder.Services.AddServiceHealth(PaymentService.Descriptor.FullName);
        return builder;
    }

    /// <summary>Maps PaymentService's endpoints, when this process hosts it.</summary>
    public static WebApplication MapPayments(this WebApplication app)
    {
        if (app.Configuration.Hosts(HostedServices.Payments))
        {
            app.MapGrpcService<PaymentGrpcService>();
        }

        return app;
    }
}
