using Backend.Orders.V1;
using Backend.Testing;
using Grpc.Core;
using Money = Backend.Type.V1.Money;

namespace Backend.IntegrationTests.Orders;

/// <summary>Two instances on one PostgreSQL database: a price set on one reaches the orders of the other.</summary>
public sealed class PriceListInstancesTests : IAsyncLifetime
{
    private const string Lifetime = "00:00:00.500";

    private readonly BackendFactory _setting = new BackendFactory().With("Orders:PriceCacheLifetime", Lifetime);
    private BackendFactory? _ordering;

    public async Task InitializeAsync()
    {
        if (BackendFactory.PostgresServer is null)
        {
            return;
        }

        await _setting.Orders.SetPriceAsync(new SetPriceRequest { Sku = "cable", UnitPrice = Eur(4, 990_000_000) }, Bearer.Headers(_setting.AdminToken()));
        _ordering = new BackendFactory(postgresDatabase: _setting.PostgresDatabase, signingKey: _setting.SigningKey).With("Orders:PriceCacheLifetime", Lifetime);
    }

    public async Task DisposeAsync()
    {
        if (_ordering is not null)
        {
            await _ordering.DisposeAsync();
        }

        await _setting.DisposeAsync();
    }

    [PostgresOnlyFact]
    public async Task CreateOrder_PriceSetOnTheOtherInstance_NewPriceAcceptedAtOnceAndTheOldRefusedWithinTheLifetime()
    {
        var ordering = _ordering!;
        var (user, token) = await _setting.SignUpAsync();
        var before = await CreateAsync(ordering, token, user.Id, null);

        await _setting.Orders.SetPriceAsync(new SetPriceRequest { Sku = "cable", UnitPrice = Eur(6) }, Bearer.Headers(_setting.AdminToken()));
        var quotedNew = await CreateAsync(ordering, token, user.Id, Eur(6));
        var listedNew = await ListedPriceOnceItIsAsync(ordering, token, user.Id, Eur(6));
        var failure = await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => CreateAsync(ordering, token, user.Id, Eur(4, 990_000_000)), "PRICE_MISMATCH");

        Assert.Equal(Eur(4, 990_000_000), before.Total);
        Assert.Equal(Eur(6), quotedNew.Total);
        Assert.Equal(Eur(6), listedNew.Total);
        Assert.Equal("6.000000000 EUR", failure.Info.Metadata["listed_price"]);
    }

    // The other instance reads the list again once its copy is older than the lifetime; a
    // generous deadline, as the machine may be busy.
    private static async Task<Order> ListedPriceOnceItIsAsync(BackendFactory host, string token, string userId, Money price)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var order = await CreateAsync(host, token, userId, null);
            if (order.Total.Equals(price) || DateTime.UtcNow > deadline)
            {
                return order;
            }

            await Task.Delay(100);
        }
    }

    private static Money Eur(long units, int nanos = 0) => new() { CurrencyCode = "EUR", Units = units, Nanos = nanos };

    private static async Task<Order> CreateAsync(BackendFactory host, string token, string userId, Money? price) =>
        (await host.Orders.CreateOrderAsync(
            new CreateOrderRequest { UserId = userId, Items = { new LineItem { Sku = "cable", Quantity = 1, UnitPrice = price } } },
            Bearer.Headers(token))).Order;
}
