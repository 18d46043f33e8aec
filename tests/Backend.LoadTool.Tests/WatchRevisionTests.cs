using Backend.Orders.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Backend.LoadTool.Tests;

/// <summary>The tool's revision reader answers what the generated parser would, for any message.</summary>
public sealed class WatchRevisionTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(127L)]
    [InlineData(128L)]
    [InlineData(long.MaxValue)]
    [InlineData(-1L)]
    public void Read_AnEvent_ItsRevision(long revision)
    {
        var message = Response(revision, "01a22e33875f70a1b67e269fd955eeb7");

        Assert.Equal(revision, WatchRevision.Read(message.ToByteArray()));
    }

    [Fact]
    public void Read_NoEvent_Zero() => Assert.Equal(0, WatchRevision.Read(new WatchOrderResponse().ToByteArray()));

    [Fact]
    public void Read_RandomMessagesWithUnknownFieldsAndRepeatedEvents_AsTheParser()
    {
        var random = new Random(20261130);
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = new List<byte>();
            for (var part = random.Next(1, 4); part > 0; part--)
            {
                bytes.AddRange(Response(random.NextInt64(-5, long.MaxValue), new string('x', random.Next(0, 300))).ToByteArray());
                bytes.AddRange(UnknownField(random));
            }

            var message = bytes.ToArray();
            Assert.Equal(WatchOrderResponse.Parser.ParseFrom(message).Event?.Revision ?? 0, WatchRevision.Read(message));
        }
    }

    [Fact]
    public void Read_CutShort_InvalidData()
    {
        var message = Response(42, "order").ToByteArray();

        Assert.Throws<InvalidDataException>(() => WatchRevision.Read(message.AsSpan(0, message.Length - 3)));
    }

    [Fact]
    public void Read_AGroup_AsTheParser()
    {
        // A start-group and end-group pair of field 9, which the walk leaves to the parser.
        byte[] group = [.. Response(7, "order").ToByteArray(), (9 << 3) | 3, (9 << 3) | 4];

        Assert.Equal(WatchOrderResponse.Parser.ParseFrom(group).Event.Revision, WatchRevision.Read(group));
    }

    private static WatchOrderResponse Response(long revision, string orderId) => new()
    {
        Event = new OrderEvent
        {
            OrderId = orderId,
            Revision = revision,
            Status = OrderStatus.Paid,
            PreviousStatus = OrderStatus.PendingPayment,
            EventTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
            Order = new Order { Id = orderId, Revision = revision },
        },
    };

    // A field the contract does not have (number 15..), of each wire type the parser skips.
    private static byte[] UnknownField(Random random)
    {
        var number = random.Next(15, 2000);
        var output = new MemoryStream();
        var writer = new CodedOutputStream(output);
        switch (random.Next(4))
        {
            case 0:
                writer.WriteTag(number, WireFormat.WireType.Varint);
                writer.WriteUInt64((ulong)random.NextInt64());
                break;
            case 1:
                writer.WriteTag(number, WireFormat.WireType.Fixed64);
                writer.WriteFixed64((ulong)random.NextInt64());
                break;
            case 2:
                writer.WriteTag(number, WireFormat.WireType.Fixed32);
                writer.WriteFixed32((uint)random.Next());
                break;
            default:
                writer.WriteTag(number, WireFormat.WireType.LengthDelimited);
                writer.WriteBytes(ByteString.CopyFrom(new byte[random.Next(0, 50)]));
                break;
        }

        writer.Flush();
        return output.ToArray();
    }
}
