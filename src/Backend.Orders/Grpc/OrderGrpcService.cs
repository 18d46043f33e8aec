using Backend.Orders.Application;
using Backend.Orders.Feed;
using Backend.Orders.Streaming;
using Backend.Orders.V1;
using Backend.Platform.Identity;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Backend.Orders.Grpc;

/// <summary>
/// The gRPC face of OrderService: requests arrive validated; this calls the order book, its reads or the
/// watches and maps the result.
/// </summary>
[BindServiceMethod(typeof(OrderServiceBinding), nameof(OrderServiceBinding.BindService))]
internal sealed class OrderGrpcService(OrderBook book, OrderReads reads, PriceList prices, OrderWatches watches, OrderFeed feed) : OrderService.OrderServiceBase
{
    public override async Task<CreateOrderResponse> CreateOrder(CreateOrderRequest request, ServerCallContext context)
    {
        var items = request.Items.Select(i => new NewLineItem(i.Sku, i.Quantity, i.UnitPrice?.ToDomain())).ToList();
        var order = await book.CreateAsync(request.UserId, items, request.RequestId, context.GetCaller(), context.CancellationToken);
        return new CreateOrderResponse { Order = order.ToProto() };
    }

    public override async Task<GetOrderResponse> GetOrder(GetOrderRequest request, ServerCallContext context)
    {
        var order = await reads.GetAsync(request.OrderId, context.GetCaller(), context.CancellationToken);
        return new GetOrderResponse { Order = order.ToProto() };
    }

    public override async Task<ListOrdersResponse> ListOrders(ListOrdersRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var userId = request.UserId.Length > 0 ? request.UserId : caller.UserId;
        var page = await reads.ListAsync(userId, request.PageSize, request.PageToken, caller, context.CancellationToken);
        return new ListOrdersResponse { Orders = { page.Orders.Select(o => o.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<CancelOrderResponse> CancelOrder(CancelOrderRequest request, ServerCallContext context)
    {
        var order = await book.CancelAsync(request.OrderId, request.Reason.Trim(), context.GetCaller(), context.CancellationToken);
        return new CancelOrderResponse { Order = order.ToProto() };
    }

    [Authorize(Roles = PlatformRoles.AdminOrService)]
    public override async Task<UpdateOrderStatusResponse> UpdateOrderStatus(UpdateOrderStatusRequest request, ServerCallContext context)
    {
        var order = await book.FulfilAsync(request.OrderId, (Domain.OrderStatus)request.Status, request.Etag, context.CancellationToken);
        return new UpdateOrderStatusResponse { Order = order.ToProto() };
    }

    [Authorize(Roles = PlatformRoles.AdminOrService)]
    public override async Task<MarkOrderPaidResponse> MarkOrderPaid(MarkOrderPaidRequest request, ServerCallContext context)
    {
        var order = await book.MarkPaidAsync(request.OrderId, request.PaymentId, context.CancellationToken);
        return new MarkOrderPaidResponse { Order = order.ToProto() };
    }

    [Authorize(Roles = PlatformRoles.AdminOrService)]
    public override async Task<MarkOrderRefundedResponse> MarkOrderRefunded(MarkOrderRefundedRequest request, ServerCallContext context)
    {
        var order = await book.MarkRefundedAsync(request.OrderId, request.PaymentId, request.RefundedAmount?.ToDomain(), context.CancellationToken);
        return new MarkOrderRefundedResponse { Order = order.ToProto() };
    }

    [Authorize(Roles = PlatformRoles.AdminOrService)]
    public override async Task<SetPriceResponse> SetPrice(SetPriceRequest request, ServerCallContext context)
    {
        var price = await prices.SetAsync(request.Sku, request.UnitPrice.ToDomain(), context.CancellationToken);
        return new SetPriceResponse { Price = price.ToProto() };
    }

    public override async Task<ListPricesResponse> ListPrices(ListPricesRequest request, ServerCallContext context)
    {
        var page = await prices.ListAsync(request.PageSize, request.PageToken, context.CancellationToken);
        return new ListPricesResponse { Prices = { page.Prices.Select(p => p.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    // REST callers reach the watches through the generated signatures (JSON transcoding).
    public override Task WatchOrder(WatchOrderRequest request, IServerStreamWriter<WatchOrderResponse> responseStream, ServerCallContext context) =>
        WatchOrderEncoded(request, new DecodedWatchWriter<WatchOrderResponse>(responseStream, WatchOrderResponse.Parser), context);

    public override Task WatchOrders(WatchOrdersRequest request, IServerStreamWriter<WatchOrdersResponse> responseStream, ServerCallContext context) =>
        WatchOrdersEncoded(request, new DecodedWatchWriter<WatchOrdersResponse>(responseStream, WatchOrdersResponse.Parser), context);

    // The feed's events carry a cursor each, so they are encoded per stream, as generated.
    public override Task WatchOrderChanges(WatchOrderChangesRequest request, IServerStreamWriter<WatchOrderChangesResponse> responseStream, ServerCallContext context)
    {
        var feedRequest = new FeedRequest(
            FeedCursor.Decode(request.AfterCursor),
            request.Statuses.Select(s => (Domain.OrderStatus)s).ToHashSet(),
            request.UserId.Length > 0 ? request.UserId : null);
        OrderFeed.Authorize(feedRequest, context.GetCaller());
        return context.FollowSessionAsync(cancellationToken => feed.FollowAsync(
            feedRequest,
            entry => responseStream.WriteAsync(new WatchOrderChangesResponse { Event = entry.Event.ToProto(), Cursor = entry.Cursor.Encode() }, cancellationToken),
            cancellationToken));
    }

    // The watch methods write events encoded once for all their watchers; WatchMethods binds
    // these in place of the generated WatchOrder and WatchOrders (same paths and messages).
    // Named apart from the generated ones, as the OpenAPI generator finds methods by name. Both
    // end UNAUTHENTICATED when the token that opened them expires or its session ends.
    public Task WatchOrderEncoded(WatchOrderRequest request, IServerStreamWriter<WatchEvent> responseStream, ServerCallContext context) =>
        watches.WatchOrderAsync(
            request.OrderId, request.AfterRevision, context.GetCaller(), responseStream, context.FollowSession(), watches.LiveFramesOf(context));

    public Task WatchOrdersEncoded(WatchOrdersRequest request, IServerStreamWriter<WatchEvent> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var userId = request.UserId.Length > 0 ? request.UserId : caller.UserId;
        if (!caller.CanRead(userId))
        {
            throw Platform.Errors.DomainException.PermissionDenied("OTHER_USERS_ORDERS", "Only an admin can watch another user's orders.");
        }

        return context.FollowSessionAsync(cancellationToken => watches.WatchUserAsync(
            userId,
            e => responseStream.WriteAsync(e, cancellationToken),
            cancellationToken));
    }
}
