using System.Text;

namespace Backend.LoadTool.Wire;

/// <summary>
/// HPACK (RFC 7541) as far as a unary gRPC caller needs it. Requests are encoded with
/// incremental indexing until the server's table is full, so after the first call on a
/// connection a request's headers are a few index bytes, as a real client sends them. Strings
/// are never Huffman-coded; responses are decoded with their dynamic table, and a Huffman-coded
/// string in them is reported as unsupported (Kestrel writes plain strings).
/// </summary>
internal static class Hpack
{
    /// <summary>The static table of RFC 7541 appendix A; entry i is index i + 1.</summary>
    public static readonly (string Name, string Value)[] StaticTable =
    [
        (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"), (":path", "/index.html"),
        (":scheme", "http"), (":scheme", "https"), (":status", "200"), (":status", "204"), (":status", "206"),
        (":status", "304"), (":status", "400"), (":status", "404"), (":status", "500"), ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"), ("accept-language", ""), ("accept-ranges", ""), ("accept", ""),
        ("access-control-allow-origin", ""), ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
        ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
        ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""), ("date", ""),
        ("etag", ""), ("expect", ""), ("expires", ""), ("from", ""), ("host", ""), ("if-match", ""),
        ("if-modified-since", ""), ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""),
        ("last-modified", ""), ("link", ""), ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""),
        ("proxy-authorization", ""), ("range", ""), ("referer", ""), ("refresh", ""), ("retry-after", ""),
        ("server", ""), ("set-cookie", ""), ("strict-transport-security", ""), ("transfer-encoding", ""),
        ("user-agent", ""), ("vary", ""), ("via", ""), ("www-authenticate", ""),
    ];

    /// <summary>The bytes an entry takes in a dynamic table (RFC 7541 section 4.1).</summary>
    public static int EntrySize(string name, string value) => Encoding.ASCII.GetByteCount(name) + Encoding.ASCII.GetByteCount(value) + 32;

    public static void WriteInteger(List<byte> output, byte firstBits, int prefixBits, int value)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            output.Add((byte)(firstBits | value));
            return;
        }

        output.Add((byte)(firstBits | max));
        value -= max;
        while (value >= 0x80)
        {
            output.Add((byte)((value & 0x7f) | 0x80));
            value >>= 7;
        }

        output.Add((byte)value);
    }

    public static void WriteString(List<byte> output, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        WriteInteger(output, 0, 7, bytes.Length);
        output.AddRange(bytes);
    }

    public static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var max = (1 << prefixBits) - 1;
        var value = block[position++] & max;
        if (value < max)
        {
            return value;
        }

        for (var shift = 0; ; shift += 7)
        {
            if (shift > 28)
            {
                throw new InvalidDataException("HPACK integer too large");
            }

            var next = block[position++];
            value += (next & 0x7f) << shift;
            if ((next & 0x80) == 0)
            {
                return value;
            }
        }
    }

    public static string ReadString(ReadOnlySpan<byte> block, ref int position)
    {
        var huffman = (block[position] & 0x80) != 0;
        var length = ReadInteger(block, ref position, 7);
        if (huffman)
        {
            throw new NotSupportedException("the server sent a Huffman-coded header string");
        }

        var value = Encoding.ASCII.GetString(block.Slice(position, length));
        position += length;
        return value;
    }
}

/// <summary>The request side of one connection's HPACK state: what the server's table holds of ours.</summary>
internal sealed class HpackEncoder(int tableSize)
{
    // Entries are never evicted: once the table is full, further headers go as plain literals.
    private readonly Dictionary<(string Name, string Value), int> _inserted = [];
    private int _size;

    /// <summary>Grows with each entry added to the server's table; a header block made at an older version is stale.</summary>
    public int Version => _inserted.Count;

    public byte[] Encode(IReadOnlyList<(string Name, string Value)> headers)
    {
        var output = new List<byte>(64);
        foreach (var (name, value) in headers)
        {
            var exact = Array.IndexOf(Hpack.StaticTable, (name, value));
            if (exact >= 0)
            {
                Hpack.WriteInteger(output, 0x80, 7, exact + 1);
            }
            else if (_inserted.TryGetValue((name, value), out var insertion))
            {
                Hpack.WriteInteger(output, 0x80, 7, Hpack.StaticTable.Length + _inserted.Count - insertion);
            }
            else
            {
                var size = Hpack.EntrySize(name, value);
                var index = _size + size <= tableSize;
                var nameIndex = Array.FindIndex(Hpack.StaticTable, e => e.Name == name) + 1;
                if (index)
                {
                    Hpack.WriteInteger(output, 0x40, 6, nameIndex);
                }
                else
                {
                    Hpack.WriteInteger(output, 0x00, 4, nameIndex);
                }

                if (nameIndex == 0)
                {
                    Hpack.WriteString(output, name);
                }

                Hpack.WriteString(output, value);
                if (index)
                {
                    _inserted[(name, value)] = _inserted.Count;
                    _size += size;
                }
            }
        }

        return [.. output];
    }
}

/// <summary>The response side of one connection's HPACK state.</summary>
internal sealed class HpackDecoder
{
    private readonly LinkedList<(string Name, string Value)> _dynamic = new();
    private int _size;
    private int _maxSize = 4096;

    /// <summary>Decodes a complete header block and hands each header to <paramref name="header"/>.</summary>
    public void Decode<TState>(ReadOnlySpan<byte> block, TState state, Action<TState, string, string> header)
    {
        var position = 0;
        while (position < block.Length)
        {
            var first = block[position];
            if ((first & 0x80) != 0)
            {
                var (name, value) = Entry(Hpack.ReadInteger(block, ref position, 7));
                header(state, name, value);
            }
            else if ((first & 0x40) != 0)
            {
                var (name, value) = Literal(block, ref position, 6);
                Add(name, value);
                header(state, name, value);
            }
            else if ((first & 0x20) != 0)
            {
                _maxSize = Hpack.ReadInteger(block, ref position, 5);
                Evict(0);
            }
            else
            {
                var (name, value) = Literal(block, ref position, 4);
                header(state, name, value);
            }
        }
    }

    private (string Name, string Value) Literal(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var nameIndex = Hpack.ReadInteger(block, ref position, prefixBits);
        var name = nameIndex == 0 ? Hpack.ReadString(block, ref position) : Entry(nameIndex).Name;
        return (name, Hpack.ReadString(block, ref position));
    }

    private (string Name, string Value) Entry(int index)
    {
        if (index >= 1 && index <= Hpack.StaticTable.Length)
        {
            return Hpack.StaticTable[index - 1];
        }

        var offset = index - Hpack.StaticTable.Length - 1;
        if (index == 0 || offset >= _dynamic.Count)
        {
            throw new InvalidDataException($"HPACK index {index} is not in the table");
        }

        return _dynamic.ElementAt(offset);
    }

    private void Add(string name, string value)
    {
        var size = Hpack.EntrySize(name, value);
        Evict(size);
        if (size <= _maxSize)
        {
            _dynamic.AddFirst((name, value));
            _size += size;
        }
    }

    private void Evict(int room)
    {
        while (_dynamic.Count > 0 && _size + room > _maxSize)
        {
            _size -= Hpack.EntrySize(_dynamic.Last!.Value.Name, _dynamic.Last.Value.Value);
            _dynamic.RemoveLast();
        }
    }
}
