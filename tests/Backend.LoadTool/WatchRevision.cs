using Backend.Orders.V1;

namespace Backend.LoadTool;

/// <summary>
/// Reads the revision out of a serialized <see cref="WatchOrderResponse"/> without building it: the
/// watchers need nothing else, and parsing the whole message (the event and the order in it, with
/// their strings) costs most of what a delivered message costs the tool. It walks the fields as
/// the protobuf wire format lays them out; anything it does not expect (groups, a malformed
/// message) goes to the generated parser, so the answer is the same for any valid message.
/// </summary>
internal static class WatchRevision
{
    private const int VarintType = 0, Fixed64Type = 1, LengthType = 2, Fixed32Type = 5;
    private const uint EventTag = (1 << 3) | LengthType, RevisionTag = (2 << 3) | VarintType;

    /// <exception cref="InvalidDataException">The message is not a valid <see cref="WatchOrderResponse"/>.</exception>
    public static long Read(ReadOnlySpan<byte> message)
    {
        if (TryRead(message, out var revision))
        {
            return revision;
        }

        try
        {
            return WatchOrderResponse.Parser.ParseFrom(message).Event?.Revision ?? 0;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException error)
        {
            throw new InvalidDataException(error.Message, error);
        }
    }

    // Every occurrence of the event is merged into one, so the last revision in any of them wins.
    private static bool TryRead(ReadOnlySpan<byte> message, out long revision)
    {
        revision = 0;
        while (!message.IsEmpty)
        {
            if (!TryTag(ref message, out var tag))
            {
                return false;
            }

            if (tag == EventTag)
            {
                if (!TryLength(ref message, out var orderEvent) || !TryReadEvent(orderEvent, ref revision))
                {
                    return false;
                }
            }
            else if (!TrySkip(ref message, (int)(tag & 7)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadEvent(ReadOnlySpan<byte> orderEvent, ref long revision)
    {
        while (!orderEvent.IsEmpty)
        {
            if (!TryTag(ref orderEvent, out var tag))
            {
                return false;
            }

            if (tag == RevisionTag)
            {
                if (!TryVarint(ref orderEvent, out var value))
                {
                    return false;
                }

                revision = (long)value;
            }
            else if (!TrySkip(ref orderEvent, (int)(tag & 7)))
            {
                return false;
            }
        }

        return true;
    }

    // Field number 0 is invalid; the parser says so.
    private static bool TryTag(ref ReadOnlySpan<byte> fields, out ulong tag) => TryVarint(ref fields, out tag) && tag <= uint.MaxValue && tag >> 3 != 0;

    private static bool TrySkip(ref ReadOnlySpan<byte> fields, int wireType)
    {
        switch (wireType)
        {
            case VarintType:
                return TryVarint(ref fields, out _);
            case LengthType:
                return TryLength(ref fields, out _);
            case Fixed64Type or Fixed32Type:
                var size = wireType == Fixed64Type ? 8 : 4;
                if (fields.Length < size)
                {
                    return false;
                }

                fields = fields[size..];
                return true;
            default:
                return false;
        }
    }

    private static bool TryLength(ref ReadOnlySpan<byte> fields, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryVarint(ref fields, out var length) || length > (ulong)fields.Length)
        {
            return false;
        }

        value = fields[..(int)length];
        fields = fields[(int)length..];
        return true;
    }

    private static bool TryVarint(ref ReadOnlySpan<byte> fields, out ulong value)
    {
        value = 0;
        for (var i = 0; i < 10 && i < fields.Length; i++)
        {
            value |= (ulong)(fields[i] & 0x7f) << (7 * i);
            if ((fields[i] & 0x80) == 0)
            {
                fields = fields[(i + 1)..];
                return true;
            }
        }

        return false;
    }
}
