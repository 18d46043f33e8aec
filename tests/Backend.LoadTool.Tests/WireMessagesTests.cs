using System.Buffers.Binary;
using Backend.LoadTool.Wire;

namespace Backend.LoadTool.Tests;

/// <summary>gRPC messages come out of DATA frames whole and in order, however the frames cut them.</summary>
public sealed class WireMessagesTests
{
    [Fact]
    public void Add_MessagesCutAtRandomPoints_EachDeliveredWholeOnceInOrder()
    {
        var random = new Random(1843);
        for (var round = 0; round < 200; round++)
        {
            var sent = Enumerable.Range(0, random.Next(1, 20)).Select(_ => RandomBytes(random, random.Next(0, 3000))).ToList();
            var stream = sent.SelectMany(Framed).ToArray();
            var received = new List<byte[]>();
            var messages = new WireMessages(message => received.Add(message.ToArray()));

            for (var at = 0; at < stream.Length;)
            {
                var frame = Math.Min(random.Next(1, 2000), stream.Length - at);
                messages.Add(stream.AsSpan(at, frame));
                at += frame;
            }

            Assert.Equal(sent, received);
        }
    }

    [Fact]
    public void Add_ACompressedMessage_InvalidData()
    {
        var framed = Framed([1, 2, 3]);
        framed[0] = 1;
        var messages = new WireMessages(_ => { });

        Assert.Throws<InvalidDataException>(() => messages.Add(framed));
    }

    private static byte[] Framed(byte[] message)
    {
        var framed = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, 5);
        return framed;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
