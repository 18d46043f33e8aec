using System.Buffers.Binary;

namespace Backend.LoadTool.Wire;

/// <summary>
/// Cuts the gRPC messages of one stream out of its DATA frames and hands each over without its
/// five-byte prefix: a frame may hold several messages, and a message may span frames (those are
/// gathered in a buffer of the stream's own, the only copy made).
/// </summary>
internal sealed class WireMessages(Action<ReadOnlySpan<byte>> received)
{
    private const int PrefixLength = 5;

    private byte[] _partial = [];
    private int _gathered;

    /// <summary>Takes the payload of one DATA frame, padding removed.</summary>
    public void Add(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_gathered == 0 && data.Length >= PrefixLength && data.Length - PrefixLength >= LengthOf(data))
            {
                var whole = PrefixLength + LengthOf(data);
                Deliver(data[..whole]);
                data = data[whole..];
                continue;
            }

            // A message cut by the end of the frame: gathered until it is whole.
            var needed = _gathered < PrefixLength ? PrefixLength : PrefixLength + LengthOf(_partial);
            if (_partial.Length < needed)
            {
                Array.Resize(ref _partial, Math.Max(needed, Math.Min(_partial.Length * 2, 1 << 20)));
            }

            var taken = Math.Min(needed - _gathered, data.Length);
            data[..taken].CopyTo(_partial.AsSpan(_gathered));
            _gathered += taken;
            data = data[taken..];
            if (_gathered >= PrefixLength && _gathered == PrefixLength + LengthOf(_partial))
            {
                _gathered = 0;
                Deliver(_partial.AsSpan(0, PrefixLength + LengthOf(_partial)));
            }
        }
    }

    private void Deliver(ReadOnlySpan<byte> framed)
    {
        if (framed[0] != 0)
        {
            // The tool asks for no compression (it sends no grpc-accept-encoding).
            throw new InvalidDataException("a compressed gRPC message, which the tool did not ask for");
        }

        received(framed[PrefixLength..]);
    }

    private static int LengthOf(ReadOnlySpan<byte> framed)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(framed[1..]);
        return length <= int.MaxValue - PrefixLength ? (int)length : throw new InvalidDataException($"a gRPC message of {length} bytes");
    }
}
