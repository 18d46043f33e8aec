using Backend.Platform.Data;

namespace Backend.Platform.Tests;

public sealed class ResourceIdsTests
{
    [Fact]
    public void New_ManyInOneMillisecond_StrictlyIncreasingUuidV7()
    {
        var frozen = new FrozenClock(new DateTimeOffset(2026, 11, 23, 4, 0, 0, TimeSpan.Zero));

        var ids = Enumerable.Range(0, 10_000).Select(_ => ResourceIds.New(frozen)).ToList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id =>
        {
            Assert.True(ResourceIds.IsWellFormed(id));
            Assert.Equal('7', id[12]);
            Assert.Contains(id[16], "89ab");
            Assert.Equal(frozen.GetUtcNow().ToUnixTimeMilliseconds(), Convert.ToInt64(id[..12], 16));
        });
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("01a20000000070008000000000000001", true)]
    [InlineData("01A20000000070008000000000000001", false)]
    [InlineData("01a2000000007000800000000000000", false)]
    [InlineData("01a20000-0000-7000-8000-000000000001", false)]
    [InlineData("' OR 1=1 --", false)]
    public void IsWellFormed_OnlyTheShapeGivenOut(string id, bool expected) => Assert.Equal(expected, ResourceIds.IsWellFormed(id));

    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
