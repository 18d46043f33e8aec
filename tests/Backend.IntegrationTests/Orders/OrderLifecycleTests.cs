using Backend.Orders.V1;
using Backend.Testing;
using Grpc.Core;

namespace Backend.IntegrationTests.Orders;

/// <summary>Every move from every status: the legal ones succeed, the others name the rule broken.</summary>
public sealed class OrderLifecycleTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public static TheoryData<OrderStatus, OrderStatus, string> Moves => new()
    {
        // from, move, expected: "OK", "SAME" (idempotent repeat, nothing changes) or the refusal reason
        { OrderStatus.PendingPayment, OrderStatus.Cancelled, "OK" },
        { OrderStatus.PendingPayment, OrderStatus.Paid, "OK" },
        { OrderStatus.PendingPayment, OrderStatus.Shipped, "SHIP_REQUIRES_PAID" },
        { OrderStatus.PendingPayment, OrderStatus.Delivered, "DELIVER_REQUIRES_SHIPPED" },
        { OrderStatus.PendingPayment, OrderStatus.Refunded, "REFUND_REQUIRES_PAID" },
        { OrderStatus.Paid, OrderStatus.Cancelled, "CANCEL_REQUIRES_PENDING_PAYMENT" },
        { OrderStatus.Paid, OrderStatus.Paid, "SAME" },
        { OrderStatus.Paid, OrderStatus.Shipped, "OK" },
        { OrderStatus.Paid, OrderStatus.Delivered, "DELIVER_REQUIRES_SHIPPED" },
        { OrderStatus.Paid, OrderStatus.Refunded, "OK" },
        { OrderStatus.Shipped, OrderStatus.Cancelled, "CANCEL_REQUIRES_PENDING_PAYMENT" },
        { OrderStatus.Shipped, OrderStatus.Paid, "SAME" },
        { OrderStatus.Shipped, OrderStatus.Shipped, "SHIP_REQUIRES_PAID" },
        { OrderStatus.Shipped, OrderStatus.Delivered, "OK" },
        { OrderStatus.Shipped, OrderStatus.Refunded, "OK" },
        { OrderStatus.Delivered, OrderStatus.Cancelled, "CANCEL_REQUIRES_PENDING_PAYMENT" },
        { OrderStatus.Delivered, OrderStatus.Paid, "SAME" },
        { OrderStatus.Delivered, OrderStatus.Shipped, "SHIP_REQUIRES_PAID" },
        { OrderStatus.Delivered, OrderStatus.Delivered, "DELIVER_REQUIRES_SHIPPED" },
        { OrderStatus.Delivered, OrderStatus.Refunded, "OK" },
        { OrderStatus.Cancelled, OrderStatus.Cancelled, "CANCEL_REQUIRES_PENDING_PAYMENT" },
        { OrderStatus.Cancelled, OrderStatus.Paid, "PAY_REQUIRES_PENDING_PAYMENT" },
        { OrderStatus.Cancelled, OrderStatus.Shipped, "SHIP_REQUIRES_PAID" },
        { OrderStatus.Cancelled, OrderStatus.Delivered, "DELIVER_REQUIRES_SHIPPED" },
        { OrderStatus.Cancelled, OrderStatus.Refunded, "REFUND_REQUIRES_PAID" },
        { OrderStatus.Refunded, OrderStatus.Cancelled, "CANCEL_REQUIRES_PENDING_PAYMENT" },
        { OrderStatus.Refunded, OrderStatus.Paid, "SAME" },
        { OrderStatus.Refunded, OrderStatus.Shipped, "SHIP_REQUIRES_PAID" },
        { OrderStatus.Refunded, OrderStatus.Delivered, "DELIVER_REQUIRES_SHIPPED" },
        { OrderStatus.Refunded, OrderStatus.Refunded, "SAME" },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Theory]
    [MemberData(nameof(Moves))]
    public async Task Move_FromEveryStatus_FollowsTheStateMachine(OrderStatus from, OrderStatus move, string expected)
    {
        var (order, _) = await _factory.OrderInAsync(from);
        Assert.Equal(from, order.Status);
        var headers = Bearer.Headers(move is OrderStatus.Paid or OrderStatus.Refunded ? _factory.ServiceToken() : _factory.AdminToken());

        switch (expected)
        {
            case "OK":
                var moved = await _factory.StepAsync(order.Id, move, headers);
                Assert.Equal(move, moved.Status);
                Assert.Equal(order.Revision + 1, moved.Revision);
                break;
            case "SAME":
                var same = await _factory.StepAsync(order.Id, move, headers);
                Assert.Equal(order, same);
                break;
            default:
                var failure = await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => _factory.StepAsync(order.Id, move, headers), expected);
                Assert.Equal(from.ToString(), ToEnum(failure.Info.Metadata["from"]).ToString());
                var unchanged = await _factory.Orders.GetOrderAsync(new GetOrderRequest { OrderId = order.Id }, Bearer.Headers(_factory.AdminToken()));
                Assert.Equal(order.Revision, unchanged.Order.Revision);
                break;
        }
    }

    [Fact]
    public async Task MarkOrderPaid_SecondPaymentOfPaidOrder_RefusedAndFirstKept()
    {
        var (order, _) = await _factory.OrderInAsync(OrderStatus.Paid);

        await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition, () =>
            _factory.StepAsync(order.Id, OrderStatus.Paid, Bearer.Headers(_factory.ServiceToken()), OrderScenarios.OtherPaymentId), "PAY_REQUIRES_PENDING_PAYMENT");

        var current = await _factory.Orders.GetOrderAsync(new GetOrderRequest { OrderId = order.Id }, Bearer.Headers(_factory.AdminToken()));
        Assert.Equal(OrderScenarios.PaymentId, current.Order.PaymentId);
    }

    [Fact]
    public async Task MarkOrderRefunded_OtherPayment_PaymentMismatch()
    {
        var (order, _) = await _factory.OrderInAsync(OrderStatus.Paid);

        await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition, () =>
            _factory.StepAsync(order.Id, OrderStatus.Refunded, Bearer.Headers(_factory.ServiceToken()), OrderScenarios.OtherPaymentId), "PAYMENT_MISMATCH");
    }

    [Fact]
    public async Task FulfilmentAndPaymentRpcs_ByPlainUser_PermissionDenied()
    {
        var (order, userToken) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var user = Bearer.Headers(userToken);

        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () => _factory.StepAsync(order.Id, OrderStatus.Paid, user), "ROLE_NOT_ALLOWED");
        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () => _factory.StepAsync(order.Id, OrderStatus.Refunded, user), "ROLE_NOT_ALLOWED");
        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () => _factory.StepAsync(order.Id, OrderStatus.Shipped, user), "ROLE_NOT_ALLOWED");
    }

    [Fact]
    public async Task UpdateOrderStatus_StaleEtag_Aborted()
    {
        var (order, _) = await _factory.OrderInAsync(OrderStatus.Paid);

        await GrpcAssert.FailsAsync(StatusCode.Aborted, () => _factory.Orders.UpdateOrderStatusAsync(
            new UpdateOrderStatusRequest { OrderId = order.Id, Status = OrderStatus.Shipped, Etag = "1" },
            Bearer.Headers(_factory.AdminToken())), "ETAG_MISMATCH");
    }

    [Theory]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Unspecified)]
    [InlineData((OrderStatus)77)]
    public async Task UpdateOrderStatus_NotAFulfilmentStatus_InvalidArgument(OrderStatus status)
    {
        var (order, _) = await _factory.OrderInAsync(OrderStatus.Paid);

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _factory.Orders.UpdateOrderStatusAsync(
            new UpdateOrderStatusRequest { OrderId = order.Id, Status = status }, Bearer.Headers(_factory.AdminToken())));

        Assert.Equal(["status"], failure.ViolatedFields);
    }

    [Fact]
    public async Task CancelOrder_ByOwner_KeepsTheReason()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);

        var cancelled = await _factory.Orders.CancelOrderAsync(
            new CancelOrderRequest { OrderId = order.Id, Reason = " found it cheaper " }, Bearer.Headers(token));

        Assert.Equal(OrderStatus.Cancelled, cancelled.Order.Status);
        Assert.Equal("found it cheaper", cancelled.Order.CancelReason);
    }

    [Fact]
    public async Task CancelOrder_SomeoneElses_NotFound()
    {
        var (order, _) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var (_, otherToken) = await _factory.SignUpAsync();

        await GrpcAssert.FailsAsync(StatusCode.NotFound, () => _factory.Orders.CancelOrderAsync(
            new CancelOrderRequest { OrderId = order.Id }, Bearer.Headers(otherToken)), "ORDER_NOT_FOUND");
    }

    [Fact]
    public async Task GetOrder_OwnerAdminStranger_SeeSeeNotFound()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var (_, strangerToken) = await _factory.SignUpAsync();
        var request = new GetOrderRequest { OrderId = order.Id };

        Assert.Equal(order, (await _factory.Orders.GetOrderAsync(request, Bearer.Headers(token))).Order);
        Assert.Equal(order, (await _factory.Orders.GetOrderAsync(request, Bearer.Headers(_factory.AdminToken()))).Order);
        await GrpcAssert.FailsAsync(StatusCode.NotFound, () => _factory.Orders.GetOrderAsync(request, Bearer.Headers(strangerToken)), "ORDER_NOT_FOUND");
        await GrpcAssert.FailsAsync(StatusCode.NotFound, () =>
            _factory.Orders.GetOrderAsync(new GetOrderRequest { OrderId = "missing" }, Bearer.Headers(token)), "ORDER_NOT_FOUND");
    }

    [Fact]
    public async Task ListOrders_NewestFirstAcrossPages()
    {
        var (user, token) = await _factory.SignUpAsync();
        var placed = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            placed.Add((await _factory.PlaceAsync(token, user.Id)).Id);
        }

        var seen = new List<string>();
        var pageToken = "";
        do
        {
            var page = await _factory.Orders.ListOrdersAsync(new ListOrdersRequest { PageSize = 3, PageToken = pageToken }, Bearer.Headers(token));
            seen.AddRange(page.Orders.Select(o => o.Id));
            pageToken = page.NextPageToken;
        }
        while (pageToken.Length > 0);

        Assert.Equal(Enumerable.Reverse(placed), seen);
    }

    [Fact]
    public async Task ListOrders_AnotherUsersByUser_PermissionDeniedButAdminMay()
    {
        var (bob, bobToken) = await _factory.SignUpAsync();
        await _factory.PlaceAsync(bobToken, bob.Id);
        var (_, aliceToken) = await _factory.SignUpAsync();

        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () =>
            _factory.Orders.ListOrdersAsync(new ListOrdersRequest { UserId = bob.Id }, Bearer.Headers(aliceToken)), "OTHER_USERS_ORDERS");
        var asAdmin = await _factory.Orders.ListOrdersAsync(new ListOrdersRequest { UserId = bob.Id }, Bearer.Headers(_factory.AdminToken()));
        Assert.Single(asAdmin.Orders);
    }

    [Fact]
    public async Task ListOrders_TokenFromAnotherUsersListing_InvalidArgument()
    {
        var (bob, bobToken) = await _factory.SignUpAsync();
        for (var i = 0; i < 3; i++)
        {
            await _factory.PlaceAsync(bobToken, bob.Id);
        }

        var bobsPage = await _factory.Orders.ListOrdersAsync(new ListOrdersRequest { PageSize = 1 }, Bearer.Headers(bobToken));
        var (_, aliceToken) = await _factory.SignUpAsync();

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _factory.Orders.ListOrdersAsync(
            new ListOrdersRequest { PageToken = bobsPage.NextPageToken }, Bearer.Headers(aliceToken)));

        Assert.Equal(["page_token"], failure.ViolatedFields);
    }

    private static OrderStatus ToEnum(string name) =>
        (OrderStatus)OrderReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("OrderStatus").FindValueByName(name).Number;
}
