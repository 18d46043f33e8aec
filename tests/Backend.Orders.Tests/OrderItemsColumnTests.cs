using System.Text.Json;
using Backend.Orders.Data;
using Backend.Orders.Domain;

namespace Backend.Orders.Tests;

public sealed class OrderItemsColumnTests
{
    [Fact]
    public void Write_ThenRead_SameItems()
    {
        LineItem[] items =
        [
            new() { Position = 0, Sku = "A-1", Quantity = 2, UnitPriceUnits = 9, UnitPriceNanos = 990_000_000 },
            new() { Position = 1, Sku = "Zürich \"blue\" <mug> ✓", Quantity = 1, UnitPriceUnits = long.MaxValue, UnitPriceNanos = -999_999_999 },
        ];

        var read = OrderItemsColumn.Read(OrderItemsColumn.Write(items));

        Assert.Equivalent(items, read, strict: true);
    }

    [Fact]
    public void Write_NamesLikeTheDomain()
    {
        var json = OrderItemsColumn.Write([new LineItem { Position = 0, Sku = "A-1", Quantity = 2, UnitPriceUnits = 9, UnitPriceNanos = 5 }]);

        Assert.Equal("""[{"Position":0,"Sku":"A-1","Quantity":2,"UnitPriceUnits":9,"UnitPriceNanos":5}]""", json);
    }

    [Fact]
    public void Read_KeysReorderedSpacedAndUnknown_AsPostgresJsonbReturnsThem()
    {
        var read = OrderItemsColumn.Read("""
            [{"Sku": "A-1", "Note": {"x": [1, 2]}, "Position": 3, "Quantity": 4, "UnitPriceNanos": 5, "UnitPriceUnits": 6}]
            """);

        var item = Assert.Single(read);
        Assert.Equal(("A-1", 3, 4, 6L, 5), (item.Sku, item.Position, item.Quantity, item.UnitPriceUnits, item.UnitPriceNanos));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[{\"Position\":0}]")]
    [InlineData("[{\"Sku\":7}]")]
    [InlineData("[{\"Sku\":\"A\"}")]
    public void Read_NotAnItemsArray_Throws(string column) =>
        Assert.ThrowsAny<JsonException>(() => OrderItemsColumn.Read(column));
}
