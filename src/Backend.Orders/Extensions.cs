using Backend.Orders.Application;
using Backend.Orders.Data;
using Backend.Orders.Feed;
using Backend.Orders.Grpc;
using Backend.Orders.Streaming;
using Backend.Orders.V1;
using Backend.Platform.Data;
using Backend.Platform.Health;
using Backend.Platform.Hosting;
using Backend.Platform.Validation;
using Microsoft.AspNetCore.Builder;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backend.Orders;

public static class Extensions
{
    /// <summary>Registers OrderService, when configuration <c>Host:Services</c> hosts it here.</summary>
    public static WebApplicationBuilder AddOrders(this WebApplicationBuilder builder)
    {
        if (!builder.AddsService(OrdersModule.Name))
        {
            return builder;
        }

        builder.Services.AddServiceHealth(OrdersModule.ServiceName);
        builder.AddServiceDatabase<OrdersDbContext, SqliteOrdersDbContext, PostgresOrdersDbContext>(OrdersModule.Name, OrdersModule.ServiceName);
        builder.Services.AddOptions<WatchOptions>().BindConfiguration(WatchOptions.Section);
        builder.Services.AddSingleton<OrderEventHub>();
        builder.Services.AddSingleton<ClusterEvents>();
        builder.Services.AddHostedService<ClusterEventListener>();
        builder.Services.AddSingleton<NewOrderWriter>();
        builder.Services.AddSingleton<OrderChangeWriter>();
        builder.Services.AddOptions<PriceOptions>().BindConfiguration(PriceOptions.Section);
        builder.Services.AddSingleton<PriceList>();
        builder.Services.AddSingleton<OrderBook>();
        builder.Services.AddSingleton<OrderReads>();
        builder.Services.AddSingleton(sp => new InProcessOrderService(sp.GetRequiredService<OrderBook>(), sp.GetRequiredService<OrderReads>()));
        builder.Services.AddSingleton<OrderWatches>();
        builder.Services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.Section);
        builder.Services.AddSingleton<OrderFeed>();
        builder.Services.AddSingleton<FeedPruner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FeedPruner>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<OrderGrpcService>, WatchMethods>());
        // Registered, the service is made once instead of once per call (and kept for as long as
        // a watch lasts); it holds only singletons.
        builder.Services.AddSingleton<OrderGrpcService>();

        builder.Services
            .AddRequestValidator<CreateOrderRequest, CreateOrderRequestValidator>()
            .AddRequestValidator<GetOrderRequest, GetOrderRequestValidator>()
            .AddRequestValidator<ListOrdersRequest, ListOrdersRequestValidator>()
            .AddRequestValidator<CancelOrderRequest, CancelOrderRequestValidator>()
            .AddRequestValidator<UpdateOrderStatusRequest, UpdateOrderStatusRequestValidator>()
            .AddRequestValidator<MarkOrderPaidRequest, MarkOrderPaidRequestValidator>()
            .AddRequestValidator<MarkOrderRefundedRequest, MarkOrderRefundedRequestValidator>()
            .AddRequestValidator<WatchOrderRequest, WatchOrderRequestValidator>()
            .AddRequestValidator<WatchOrdersRequest, WatchOrdersRequestValidator>()
            .AddRequestValidator<WatchOrderChangesRequest, WatchOrderChangesRequestValidator>()
            .AddRequestValidator<SetPriceRequest, SetPriceRequestValidator>()
            .AddRequestValidator<ListPricesRequest, ListPricesRequestValidator>();
        return builder;
    }

    /// <summary>Maps OrderService's endpoints, when this process hosts it.</summary>
    public static WebApplication MapOrders(this WebApplication app)
    {
        if (app.Configuration.Hosts(OrdersModule.Name))
        {
            app.MapGrpcService<OrderGrpcService>();
            // Open watches end with UNAVAILABLE when the host stops, so clients resume elsewhere.
            var hub = app.Services.GetRequiredService<OrderEventHub>();
            app.Lifetime.ApplicationStopping.Register(hub.CloseAll);
        }

        return app;
    }
}
