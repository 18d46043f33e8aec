using Backend.Orders.Application;
using Backend.Platform.Domain;

namespace Backend.Orders.Tests;

public sealed class ListedPriceCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);
    private static readonly Money Price = Money.FromParts("EUR", 9, 990_000_000);

    private readonly ManualClock _clock = new();

    [Fact]
    public void TryGet_KeptWithinItsLifetime_TheKeptPrice()
    {
        using var cache = new ListedPriceCache(_clock, Lifetime);
        cache.Keep(cache.Begin(), Read("tv", Price));
        _clock.Advance(Lifetime - TimeSpan.FromMilliseconds(1));

        Assert.True(cache.TryGet("tv", out var price));
        Assert.Equal(Price, price);
    }

    [Fact]
    public void TryGet_KeptLongerThanItsLifetime_Missing()
    {
        using var cache = new ListedPriceCache(_clock, Lifetime);
        cache.Keep(cache.Begin(), Read("tv", Price));
        _clock.Advance(Lifetime);

        Assert.False(cache.TryGet("tv", out _));
    }

    [Fact]
    public void TryGet_LifetimeCountedFromBeforeTheRead_Missing()
    {
        using var cache = new ListedPriceCache(_clock, Lifetime);
        var ticket = cache.Begin();
        _clock.Advance(Lifetime);

        cache.Keep(ticket, Read("tv", Price));

        Assert.False(cache.TryGet("tv", out _));
    }

    [Fact]
    public void TryGet_Forgotten_Missing()
    {
        using var cache = new ListedPriceCache(_clock, Lifetime);
        cache.Keep(cache.Begin(), Read("tv", Price));

        cache.Forget();

        Assert.False(cache.TryGet("tv", out _));
    }

    [Fact]
    public void TryGet_ReadAfterAForget_TheKeptPrice()
    {
        using var cache = new ListedPriceCache(_clock, Lifetime);
        cache.Keep(cache.Begin(), Read("tv", Price));
        cache.Forget();

        cache.Keep(cache.Begin(), Read("tv", Price));

        Assert.True(cache.TryGet("tv", out var price));
        Assert.Equal(Price, price);
    }

    [Fact]
    public void Keep_ReadBegunBeforeAForget_NotKept()
    {
        using var cache = new ListedPriceCache(_clock, Lifetime);
        var ticket = cache.Begin();
        cache.Forget();

        cache.Keep(ticket, Read("tv", Price));

        Assert.False(cache.TryGet("tv", out _));
    }

    [Fact]
    public void Keep_ZeroLifetime_NothingKept()
    {
        using var cache = new ListedPriceCache(_clock, TimeSpan.Zero);

        cache.Keep(cache.Begin(), Read("tv", Price));

        Assert.False(cache.TryGet("tv", out _));
    }

    [Fact]
    public void TryGet_OtherSku_Missing()
    {
        using var cache = new ListedPriceCache(_clock, Lifetime);
        cache.Keep(cache.Begin(), Read("tv", Price));

        Assert.False(cache.TryGet("TV", out _));
    }

    private static Dictionary<string, Money> Read(string sku, Money price) => new() { [sku] = price };
}
