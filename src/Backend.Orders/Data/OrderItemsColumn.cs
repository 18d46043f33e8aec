using System.Buffers;
using System.Text;
using System.Text.Json;
using Backend.Orders.Domain;

namespace Backend.Orders.Data;

/// <summary>
/// The items column: a JSON array of objects named like <see cref="LineItem"/>'s properties, e.g.
/// <c>[{"Position":0,"Sku":"A-1","Quantity":2,"UnitPriceUnits":9,"UnitPriceNanos":990000000}]</c>.
/// Read and written directly with the UTF-8 reader and writer: every read of an order parses it,
/// and the general serializer spent more on its own bookkeeping than on the items. Properties may
/// come in any order and unknown ones are skipped (PostgreSQL's jsonb reorders keys).
/// </summary>
internal static class OrderItemsColumn
{
    public static string Write(IReadOnlyList<LineItem> items)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (items.Count * 96));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var item in items)
            {
                json.WriteStartObject();
                json.WriteNumber("Position"u8, item.Position);
                json.WriteString("Sku"u8, item.Sku);
                json.WriteNumber("Quantity"u8, item.Quantity);
                json.WriteNumber("UnitPriceUnits"u8, item.UnitPriceUnits);
                json.WriteNumber("UnitPriceNanos"u8, item.UnitPriceNanos);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<LineItem> Read(string column)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(column.Length));
        try
        {
            var json = new Utf8JsonReader(rented.AsSpan(0, Encoding.UTF8.GetBytes(column, rented)));
            Expect(ref json, JsonTokenType.StartArray);
            var items = new List<LineItem>();
            while (json.Read() && json.TokenType == JsonTokenType.StartObject)
            {
                items.Add(ReadItem(ref json));
            }

            return json.TokenType == JsonTokenType.EndArray ? items : throw new JsonException("The items column does not end its array.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static LineItem ReadItem(ref Utf8JsonReader json)
    {
        int position = 0, quantity = 0, nanos = 0;
        long units = 0;
        string? sku = null;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.ValueTextEquals("Position"u8))
            {
                position = ReadNumber(ref json).GetInt32();
            }
            else if (json.ValueTextEquals("Sku"u8))
            {
                Expect(ref json, JsonTokenType.String);
                sku = json.GetString();
            }
            else if (json.ValueTextEquals("Quantity"u8))
            {
                quantity = ReadNumber(ref json).GetInt32();
            }
            else if (json.ValueTextEquals("UnitPriceUnits"u8))
            {
                units = ReadNumber(ref json).GetInt64();
            }
            else if (json.ValueTextEquals("UnitPriceNanos"u8))
            {
                nanos = ReadNumber(ref json).GetInt32();
            }
            else
            {
                json.Read();
                json.Skip();
            }
        }

        return new LineItem
        {
            Position = position,
            Sku = sku ?? throw new JsonException("An item in the items column has no Sku."),
            Quantity = quantity,
            UnitPriceUnits = units,
            UnitPriceNanos = nanos,
        };
    }

    private static ref Utf8JsonReader ReadNumber(ref Utf8JsonReader json)
    {
        Expect(ref json, JsonTokenType.Number);
        return ref json;
    }

    private static void Expect(ref Utf8JsonReader json, JsonTokenType token)
    {
        if (!json.Read() || json.TokenType != token)
        {
            throw new JsonException($"The items column has {json.TokenType} where {token} belongs.");
        }
    }
}
