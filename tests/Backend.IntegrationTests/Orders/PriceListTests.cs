using Backend.Orders.V1;
using Backend.Testing;
using Grpc.Core;
using Money = Backend.Type.V1.Money;

namespace Backend.IntegrationTests.Orders;

/// <summary>Customers pay listed prices; admins and services may quote their own.</summary>
public sealed class PriceListTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public async Task InitializeAsync()
    {
        var admin = Bearer.Headers(_factory.AdminToken());
        await _factory.Orders.SetPriceAsync(new SetPriceRequest { Sku = "expensive-tv", UnitPrice = Eur(1000) }, admin);
        await _factory.Orders.SetPriceAsync(new SetPriceRequest { Sku = "cable", UnitPrice = Eur(4, 990_000_000) }, admin);
    }

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task CreateOrder_UserWithoutPrices_PaysListedPrices()
    {
        var (user, token) = await _factory.SignUpAsync();

        var order = await CreateAsync(token, user.Id, Line("expensive-tv", 1, null), Line("cable", 2, null));

        Assert.Equal(Eur(1009, 980_000_000), order.Total);
        Assert.Equal([Eur(1000), Eur(4, 990_000_000)], order.Items.Select(i => i.UnitPrice));
    }

    [Fact]
    public async Task CreateOrder_UserWithListedPrice_Placed()
    {
        var (user, token) = await _factory.SignUpAsync();

        var order = await CreateAsync(token, user.Id, Line("cable", 1, Eur(4, 990_000_000)));

        Assert.Equal(Eur(4, 990_000_000), order.Total);
    }

    [Fact]
    public async Task CreateOrder_UserWithOtherPrice_FailedPreconditionPriceMismatchAndNothingStored()
    {
        var (user, token) = await _factory.SignUpAsync();

        var failure = await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => CreateAsync(token, user.Id, Line("expensive-tv", 1000, Eur(0, 1))), "PRICE_MISMATCH");

        Assert.Equal("expensive-tv", failure.Info.Metadata["sku"]);
        Assert.Empty((await _factory.Orders.ListOrdersAsync(new ListOrdersRequest(), Bearer.Headers(token))).Orders);
    }

    [Fact]
    public async Task CreateOrder_UserWithUnlistedSku_NotFoundNamingTheSku()
    {
        var (user, token) = await _factory.SignUpAsync();

        var failure = await GrpcAssert.FailsAsync(StatusCode.NotFound,
            () => CreateAsync(token, user.Id, Line("cable", 1, null), Line("unicorn", 1, Eur(1))), "SKU_NOT_FOUND");

        Assert.Equal("unicorn", failure.Info.Metadata["sku"]);
        Assert.Contains("unicorn", failure.Exception.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOrder_AdminQuote_PlacedAtTheQuotedPrice()
    {
        var (user, _) = await _factory.SignUpAsync();

        var order = await CreateAsync(_factory.AdminToken(), user.Id, Line("expensive-tv", 1, Eur(900)), Line("unicorn", 1, Eur(1)));

        Assert.Equal(Eur(901), order.Total);
    }

    [Fact]
    public async Task SetPrice_User_PermissionDeniedAndPriceUnchanged()
    {
        var (_, token) = await _factory.SignUpAsync();

        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied,
            () => _factory.Orders.SetPriceAsync(new SetPriceRequest { Sku = "expensive-tv", UnitPrice = Eur(0, 1) }, Bearer.Headers(token)));

        var prices = await _factory.Orders.ListPricesAsync(new ListPricesRequest(), Bearer.Headers(token));
        Assert.Equal(Eur(1000), prices.Prices.Single(p => p.Sku == "expensive-tv").UnitPrice);
    }

    [Fact]
    public async Task SetPrice_Again_ChangesTheListedPriceForNewOrders()
    {
        var (user, token) = await _factory.SignUpAsync();
        var before = await CreateAsync(token, user.Id, Line("cable", 1, null));

        await _factory.Orders.SetPriceAsync(new SetPriceRequest { Sku = "cable", UnitPrice = Eur(6) }, Bearer.Headers(_factory.AdminToken()));
        var after = await CreateAsync(token, user.Id, Line("cable", 1, null));

        Assert.Equal(Eur(4, 990_000_000), before.Total);
        Assert.Equal(Eur(6), after.Total);
        Assert.Equal(Eur(4, 990_000_000), (await _factory.Orders.GetOrderAsync(new GetOrderRequest { OrderId = before.Id }, Bearer.Headers(token))).Order.Total);
    }

    [Fact]
    public async Task CreateOrder_UserWithThePriceBeforeSetPrice_PriceMismatchNamingTheNewPrice()
    {
        var (user, token) = await _factory.SignUpAsync();
        await CreateAsync(token, user.Id, Line("cable", 1, Eur(4, 990_000_000)));

        await _factory.Orders.SetPriceAsync(new SetPriceRequest { Sku = "cable", UnitPrice = Eur(6) }, Bearer.Headers(_factory.AdminToken()));
        var failure = await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => CreateAsync(token, user.Id, Line("cable", 1, Eur(4, 990_000_000))), "PRICE_MISMATCH");
        var placed = await CreateAsync(token, user.Id, Line("cable", 1, Eur(6)));

        Assert.Equal("6.000000000 EUR", failure.Info.Metadata["listed_price"]);
        Assert.Equal(Eur(6), placed.Total);
        Assert.Equal(2, (await _factory.Orders.ListOrdersAsync(new ListOrdersRequest(), Bearer.Headers(token))).Orders.Count);
    }

    [Fact]
    public async Task CreateOrder_ManyAtOnceAcrossASetPrice_EachAtAPriceListedMeanwhileAndNoneAfterAtTheOld()
    {
        var (user, token) = await _factory.SignUpAsync();
        var during = Enumerable.Range(0, 40).Select(_ => CreateAsync(token, user.Id, Line("cable", 1, null))).ToList();

        await _factory.Orders.SetPriceAsync(new SetPriceRequest { Sku = "cable", UnitPrice = Eur(6) }, Bearer.Headers(_factory.AdminToken()));
        var after = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => CreateAsync(token, user.Id, Line("cable", 1, null))));

        Assert.All(await Task.WhenAll(during), order => Assert.Contains(order.Total, new[] { Eur(4, 990_000_000), Eur(6) }));
        Assert.All(after, order => Assert.Equal(Eur(6), order.Total));
    }

    [Fact]
    public async Task ListPrices_PageByPage_EveryPriceOnceBySku()
    {
        var (_, token) = await _factory.SignUpAsync();

        var first = await _factory.Orders.ListPricesAsync(new ListPricesRequest { PageSize = 1 }, Bearer.Headers(token));
        var second = await _factory.Orders.ListPricesAsync(new ListPricesRequest { PageSize = 1, PageToken = first.NextPageToken }, Bearer.Headers(token));

        Assert.Equal(["cable", "expensive-tv"], first.Prices.Concat(second.Prices).Select(p => p.Sku));
        Assert.Empty(second.NextPageToken);
    }

    private static Money Eur(long units, int nanos = 0) => new() { CurrencyCode = "EUR", Units = units, Nanos = nanos };

    private static LineItem Line(string sku, int quantity, Money? price) => new() { Sku = sku, Quantity = quantity, UnitPrice = price };

    private async Task<Order> CreateAsync(string token, string userId, params LineItem[] items) =>
        (await _factory.Orders.CreateOrderAsync(new CreateOrderRequest { UserId = userId, Items = { items } }, Bearer.Headers(token))).Order;
}
