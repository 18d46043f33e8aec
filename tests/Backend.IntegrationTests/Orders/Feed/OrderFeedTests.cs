using Backend.Orders.V1;
using Backend.Platform.Identity;
using Backend.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.IntegrationTests.Orders.Feed;

public sealed class OrderFeedTests : IAsyncLifetime
{
    private const string FeedMethod = "/backend.orders.v1.OrderService/WatchOrderChanges";

    private BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task WatchOrderChanges_ResumedAfterRestart_DeliversEachLaterChangeOnceInOrder()
    {
        var admin = _factory.AdminToken();
        var first = await _factory.OrderInAsync(OrderStatus.Paid);
        var second = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var before = await _factory.Orders.TakeAsync(admin, 3);
        Assert.Equal([(first.Order.Id, 1L), (first.Order.Id, 2L), (second.Order.Id, 1L)], before.Select(c => c.Key()));

        // Restarted on the same data; changes made meanwhile and after.
        var stopped = _factory;
        _factory = stopped.Restarted();
        await stopped.DisposeAsync();
        admin = _factory.AdminToken();
        await _factory.StepAsync(first.Order.Id, OrderStatus.Shipped, Bearer.Headers(admin));
        await _factory.StepAsync(second.Order.Id, OrderStatus.Cancelled, Bearer.Headers(second.UserToken));
        var resumed = await _factory.Orders.TakeAsync(admin, 3, before[1].Cursor);
        var third = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var next = await _factory.Orders.TakeAsync(admin, 1, resumed[^1].Cursor);

        Assert.Equal([(second.Order.Id, 1L), (first.Order.Id, 3L), (second.Order.Id, 2L)], resumed.Select(c => c.Key()));
        Assert.Equal((third.Order.Id, 1L), next.Single().Key());
        Assert.Equal(OrderStatus.Shipped, resumed[1].Event.Order.Status);
    }

    [Fact]
    public async Task WatchOrderChanges_StatusFilter_DeliversOnlyThoseAndResumesPastTheRest()
    {
        var admin = _factory.AdminToken();
        var shipped = await _factory.OrderInAsync(OrderStatus.Shipped);
        var paid = await _factory.OrderInAsync(OrderStatus.Paid);

        var paidChanges = await _factory.Orders.TakeAsync(admin, 2, statuses: [OrderStatus.Paid]);
        await _factory.StepAsync(paid.Order.Id, OrderStatus.Shipped, Bearer.Headers(admin));
        var shippedAfter = await _factory.Orders.TakeAsync(admin, 1, paidChanges[^1].Cursor, statuses: [OrderStatus.Shipped]);

        Assert.Equal([(shipped.Order.Id, 2L), (paid.Order.Id, 2L)], paidChanges.Select(c => c.Key()));
        Assert.Equal((paid.Order.Id, 3L), shippedAfter.Single().Key());
    }

    [Fact]
    public async Task WatchOrderChanges_UserNamingThemself_SeesOnlyTheirOwnOrders()
    {
        var theirs = await _factory.OrderInAsync(OrderStatus.Paid);
        await _factory.OrderInAsync(OrderStatus.Paid);
        var owner = theirs.Order.UserId;

        var changes = await _factory.Orders.TakeAsync(theirs.UserToken, 2, userId: owner);
        await _factory.OrderInAsync(OrderStatus.Paid);
        await _factory.StepAsync(theirs.Order.Id, OrderStatus.Shipped, Bearer.Headers(_factory.AdminToken()));
        var next = await _factory.Orders.TakeAsync(theirs.UserToken, 1, changes[^1].Cursor, userId: owner);

        Assert.Equal([(theirs.Order.Id, 1L), (theirs.Order.Id, 2L)], changes.Select(c => c.Key()));
        Assert.Equal((theirs.Order.Id, 3L), next.Single().Key());
    }

    [Fact]
    public async Task WatchOrderChanges_UserForEveryoneOrAnotherUser_PermissionDenied()
    {
        var (user, token) = await _factory.SignUpAsync();
        var (other, _) = await _factory.SignUpAsync();

        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () => _factory.Orders.FirstAsync(token), "ALL_ORDERS_FEED");
        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () => _factory.Orders.FirstAsync(token, userId: other.Id), "OTHER_USERS_ORDERS");
        Assert.NotEqual(user.Id, other.Id);
    }

    [Fact]
    public async Task WatchOrderChanges_MalformedCursorOrStatus_InvalidArgumentNamingEachField()
    {
        var request = new WatchOrderChangesRequest { AfterCursor = "not-a-cursor", Statuses = { OrderStatus.Paid, OrderStatus.Unspecified } };

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, async () =>
        {
            using var call = _factory.Orders.WatchOrderChanges(request, Bearer.Headers(_factory.AdminToken()));
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal(["after_cursor", "statuses[1]"], failure.ViolatedFields);
    }

    [Fact]
    public async Task WatchOrderChanges_CursorBeforePrunedChanges_OutOfRangeCursorExpired()
    {
        await _factory.DisposeAsync();
        _factory = new BackendFactory().With("Orders:FeedRetention", "00:00:01");
        var admin = _factory.AdminToken();
        await _factory.OrderInAsync(OrderStatus.Paid);
        var kept = await _factory.Orders.TakeAsync(admin, 2);

        // Past the retention, then pruned; a change after that is kept.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var removed = await _factory.Services.GetRequiredService<Backend.Orders.Feed.FeedPruner>().PruneAsync(CancellationToken.None);
        var later = await _factory.OrderInAsync(OrderStatus.PendingPayment);

        var failure = await GrpcAssert.FailsAsync(StatusCode.OutOfRange, () => _factory.Orders.FirstAsync(admin, kept[0].Cursor), "CURSOR_EXPIRED");
        var fromLast = await _factory.Orders.TakeAsync(admin, 1, kept[1].Cursor);
        var fromStart = await _factory.Orders.TakeAsync(admin, 1);
        Assert.Equal(2, removed);
        Assert.Contains("ListOrders", failure.Exception.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((later.Order.Id, 1L), fromLast.Single().Key());
        Assert.Equal((later.Order.Id, 1L), fromStart.Single().Key());
    }

    [Fact]
    public async Task WatchOrderChanges_ServiceClientConfiguredForIt_FollowsEveryOrderAndNothingElse()
    {
        await _factory.DisposeAsync();
        _factory = new BackendFactory()
            .With("Auth:Clients:fulfilment:SecretSha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("fulfilment secret"u8)))
            .With("Auth:Clients:fulfilment:Methods:0", FeedMethod);
        var order = await _factory.OrderInAsync(OrderStatus.Paid);

        var token = (await _factory.Users.AuthenticateClientAsync(new Backend.Users.V1.AuthenticateClientRequest
        {
            ClientId = "fulfilment", ClientSecret = "fulfilment secret",
        })).AccessToken;
        var changes = await _factory.Orders.TakeAsync(token, 2);

        Assert.Equal([(order.Order.Id, 1L), (order.Order.Id, 2L)], changes.Select(c => c.Key()));
        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () => _factory.Orders.GetOrderAsync(new GetOrderRequest { OrderId = order.Order.Id }, Bearer.Headers(token)));
        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () => _factory.Orders.FirstAsync(_factory.ServiceToken(ServicePermissions.Payments)));
    }
}
