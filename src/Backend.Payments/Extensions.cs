using Backend.Client;
using Backend.Payments.Application;
using Backend.Payments.Background;
using Backend.Payments.Data;
using Backend.Payments.Grpc;
using Backend.Payments.Outbox;
using Backend.Payments.Processing;
using Backend.Payments.Settlement;
using Backend.Payments.V1;
using Backend.Platform.Data;
using Backend.Platform.Health;
using Backend.Platform.Hosting;
using Backend.Platform.Identity;
using Backend.Platform.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backend.Payments;

public static class Extensions
{
    /// <summary>Registers PaymentService, when configuration <c>Host:Services</c> hosts it here.</summary>
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        if (!builder.AddsService(PaymentsModule.Name))
        {
            return builder;
        }

        builder.Services.AddServiceHealth(PaymentsModule.ServiceName);
        builder.AddServiceDatabase<PaymentsDbContext, SqlitePaymentsDbContext, PostgresPaymentsDbContext>(PaymentsModule.Name, PaymentsModule.ServiceName);
        builder.Services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section);
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);

        builder.AddOrderSettlement();
        builder.Services.TryAddSingleton<IPaymentProcessor, SimulatedPaymentProcessor>();
        builder.Services.AddSingleton<PaymentWriter>();
        builder.Services.AddSingleton<IdempotencyKeys>();
        builder.Services.AddSingleton<RefundPolicy>();
        builder.Services.AddSingleton<Charges>();
        builder.Services.AddSingleton<Refunds>();
        builder.Services.AddSingleton<PaymentDesk>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxClaims>();
        builder.Services.AddSingleton<OutboxBacklog>();
        builder.Services.AddSingleton<HandOverDelivery>();
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddHostedService<ChargeRecovery>();
        builder.Services.AddHostedService<IdempotencyKeyExpiry>();

        builder.Services
            .AddRequestValidator<CreatePaymentRequest, CreatePaymentRequestValidator>()
            .AddRequestValidator<GetPaymentRequest, GetPaymentRequestValidator>()
            .AddRequestValidator<ListPaymentsRequest, ListPaymentsRequestValidator>()
            .AddRequestValidator<RefundPaymentRequest, RefundPaymentRequestValidator>();
        return builder;
    }

    /// <summary>
    /// The settlement port's adapter, by <c>Host:Services</c>: when this process hosts OrderService
    /// too, the host that composes both registers an adapter that calls it in-process (this
    /// project knows no other service's code); else OrderService's generated client with the
    /// service identity, at <c>Endpoints:Orders</c>.
    /// </summary>
    private static void AddOrderSettlement(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.Hosts(PaymentsModule.OrdersName))
        {
            return;
        }

        builder.Services.TryAddSingleton<IAccessTokenProvider>(sp => new ServiceAccessTokens(sp.GetRequiredService<ServiceTokenProvider>()));
        var ordersDeadline = builder.Configuration.GetSection(PaymentsOptions.Section).Get<PaymentsOptions>()?.OrdersDeadline ?? new PaymentsOptions().OrdersDeadline;
        builder.Services.AddOrderServiceClient(o =>
        {
            o.Address = ServiceEndpoints.Of(builder.Configuration, PaymentsModule.OrdersName);
            o.DefaultDeadline = ordersDeadline;
            o.AllowInsecureCredentials = builder.Configuration.GetValue<bool>("Endpoints:AllowInsecureCredentials");
        }).PropagateCallContext();
        builder.Services.AddSingleton<IOrderSettlement, RemoteOrderSettlement>();
    }

    /// <summary>Maps PaymentService's endpoints, when this process hosts it.</summary>
    public static WebApplication MapPayments(this WebApplication app)
    {
        if (app.Configuration.Hosts(PaymentsModule.Name))
        {
            app.MapGrpcService<PaymentGrpcService>();
        }

        return app;
    }
}
