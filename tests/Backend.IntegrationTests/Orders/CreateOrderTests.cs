using Backend.Orders.V1;
using Backend.Testing;
using Grpc.Core;
using static Backend.IntegrationTests.Orders.OrderScenarios;

namespace Backend.IntegrationTests.Orders;

public sealed class CreateOrderTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => _factory.ListPricesOfAsync(Request("", "").Items);

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task CreateOrder_ValidItems_PendingPaymentAtRevisionOneWithExactTotal()
    {
        var (user, token) = await _factory.SignUpAsync();

        var order = await _factory.PlaceAsync(token, user.Id,
            Item("apple", 3, 0, 333_333_334),
            Item("pear", 2, 1, 500_000_000),
            Item("plum", 1, 0, 999_999_999));

        Assert.Equal(OrderStatus.PendingPayment, order.Status);
        Assert.Equal(1, order.Revision);
        Assert.Equal("1", order.Etag);
        Assert.Equal(user.Id, order.UserId);
        Assert.Equal(3, order.Items.Count);
        // 1.000000002 + 3.000000000 + 0.999999999 = 5.000000001: the nanos carry into units.
        Assert.Equal(("EUR", 5L, 1), (order.Total.CurrencyCode, order.Total.Units, order.Total.Nanos));
        Assert.Empty(order.PaymentId);
    }

    [Fact]
    public async Task CreateOrder_LargestQuantitiesAndPrices_ExactTotal()
    {
        var (user, token) = await _factory.SignUpAsync();
        var items = Enumerable.Range(0, 100).Select(i => Item("sku-" + i, 1000, 1_000_000_000_000, 999_999_999)).ToArray();

        var order = await _factory.PlaceAsync(token, user.Id, items);

        // 100 x 1000 x 1000000000000.999999999 = 100000000000099999.9999
        Assert.Equal(100_000_000_000_099_999L, order.Total.Units);
        Assert.Equal(999_900_000, order.Total.Nanos);
    }

    [Fact]
    public async Task CreateOrder_TotalBeyondInt64_InvalidArgumentAndNothingStored()
    {
        var (user, token) = await _factory.SignUpAsync();
        var items = Enumerable.Range(0, 10).Select(i => Item("sku-" + i, 1000, long.MaxValue / 2)).ToArray();

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _factory.PlaceAsync(token, user.Id, items));

        Assert.Equal(["items"], failure.ViolatedFields);
        Assert.Empty((await _factory.Orders.ListOrdersAsync(new ListOrdersRequest(), Bearer.Headers(token))).Orders);
    }

    [Fact]
    public async Task CreateOrder_MixedCurrencies_InvalidArgumentNamingTheItem()
    {
        var (user, token) = await _factory.SignUpAsync();

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () =>
            _factory.PlaceAsync(token, user.Id, Item("a", 1, 1), Item("b", 1, 1, currency: "USD")));

        Assert.Equal(["items[1].unit_price.currency_code"], failure.ViolatedFields);
    }

    [Fact]
    public async Task CreateOrder_EveryItemRuleBroken_ReportsEveryViolation()
    {
        var (user, token) = await _factory.SignUpAsync();

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _factory.PlaceAsync(token, user.Id,
            Item("", 0, 1),
            Item(new string('s', 65), 1001, 1),
            Item("neg", 1, -1),
            Item("sign", 1, 1, -5),
            Item("nanos", 1, 0, 1_000_000_000),
            Item("cur", 1, 1, currency: "eur")));

        Assert.Equal(
            [
                "items[0].sku", "items[0].quantity",
                "items[1].sku", "items[1].quantity",
                "items[2].unit_price",
                "items[3].unit_price.nanos",
                "items[4].unit_price.nanos",
                "items[5].unit_price.currency_code", "items[5].unit_price.currency_code",
            ],
            failure.ViolatedFields);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(10_000)]
    public async Task CreateOrder_ItemCountOutOfRange_InvalidArgument(int count)
    {
        var (user, token) = await _factory.SignUpAsync();

        var request = new CreateOrderRequest { UserId = user.Id, Items = { Enumerable.Range(0, count).Select(i => Item("s" + i, 1, 1)) } };

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _factory.Orders.CreateOrderAsync(request, Bearer.Headers(token)));

        Assert.Contains("items", failure.ViolatedFields);
    }

    [Fact]
    public async Task CreateOrder_ForAnotherUser_PermissionDenied()
    {
        var (_, aliceToken) = await _factory.SignUpAsync();
        var (bob, _) = await _factory.SignUpAsync();

        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () => _factory.PlaceAsync(aliceToken, bob.Id), "ORDER_FOR_ANOTHER_USER");
    }

    [Fact]
    public async Task CreateOrder_AdminForAnotherUser_OrderBelongsToThem()
    {
        var (bob, bobToken) = await _factory.SignUpAsync();

        var order = await _factory.PlaceAsync(_factory.AdminToken(), bob.Id);

        Assert.Equal(bob.Id, order.UserId);
        Assert.Single((await _factory.Orders.ListOrdersAsync(new ListOrdersRequest(), Bearer.Headers(bobToken))).Orders);
    }

    [Fact]
    public async Task CreateOrder_SameRequestIdSameBody_ReturnsTheOriginal()
    {
        var (user, token) = await _factory.SignUpAsync();
        var request = Request(user.Id, "req-1");

        var first = await _factory.Orders.CreateOrderAsync(request, Bearer.Headers(token));
        var again = await _factory.Orders.CreateOrderAsync(request, Bearer.Headers(token));

        Assert.Equal(first.Order, again.Order);
    }

    [Fact]
    public async Task CreateOrder_SameRequestIdOtherBody_AlreadyExists()
    {
        var (user, token) = await _factory.SignUpAsync();
        var first = await _factory.Orders.CreateOrderAsync(Request(user.Id, "req-1"), Bearer.Headers(token));
        var changed = Request(user.Id, "req-1");
        changed.Items[0].Quantity = 3;

        var failure = await GrpcAssert.FailsAsync(StatusCode.AlreadyExists, () =>
            _factory.Orders.CreateOrderAsync(changed, Bearer.Headers(token)), "REQUEST_ID_REUSED");

        Assert.Equal(first.Order.Id, failure.Info.Metadata["order_id"]);
    }

    [Fact]
    public async Task CreateOrder_FiftyConcurrentWithOneRequestId_ExactlyOneOrder()
    {
        var (user, token) = await _factory.SignUpAsync();
        var request = Request(user.Id, "req-concurrent");

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            _factory.Orders.CreateOrderAsync(request, Bearer.Headers(token)).ResponseAsync));

        Assert.Single(answers.Select(a => a.Order.Id).Distinct());
        var listed = await _factory.Orders.ListOrdersAsync(new ListOrdersRequest { PageSize = 100 }, Bearer.Headers(token));
        Assert.Single(listed.Orders);
    }

    [Fact]
    public async Task CreateOrder_NoRequestId_EachCallANewOrder()
    {
        var (user, token) = await _factory.SignUpAsync();
        var request = Request(user.Id, "");

        var first = await _factory.Orders.CreateOrderAsync(request, Bearer.Headers(token));
        var second = await _factory.Orders.CreateOrderAsync(request, Bearer.Headers(token));

        Assert.NotEqual(first.Order.Id, second.Order.Id);
    }

    [Fact]
    public async Task CreateOrder_WithoutToken_Unauthenticated()
    {
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () => _factory.Orders.CreateOrderAsync(Request("u", "")));
    }

    private static CreateOrderRequest Request(string userId, string requestId) => new()
    {
        UserId = userId,
        RequestId = requestId,
        Items = { Item("book", 2, 12, 990_000_000) },
    };
}
