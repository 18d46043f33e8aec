using System.Collections;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Backend.EndToEndTests.Fuzz;

/// <summary>How a request is broken, and so what its answer may be.</summary>
internal enum FuzzKind
{
    /// <summary>Not a valid message or frame at all: must be refused as INVALID_ARGUMENT (or refused before it is read).</summary>
    Corrupt,

    /// <summary>A well-formed message with a value no request may carry: must be refused.</summary>
    Malformed,

    /// <summary>Strange but possibly legal (an absurd page size, random bytes): any proper answer.</summary>
    Hostile,
}

/// <summary>One request of the fuzz run.</summary>
internal sealed record FuzzCase(MethodDescriptor Method, string Name, FuzzKind Kind, byte[] Body, string? Encoding = null)
{
    /// <summary>A bearer token to send instead of the caller's own.</summary>
    public string? ForgedToken { get; init; }

    public string Path => $"/{Method.Service.FullName}/{Method.Name}";

    public override string ToString() => $"{Method.Service.Name}/{Method.Name} {Name}";
}

/// <summary>
/// A bounded, seeded corpus of broken requests for every RPC of the contract: corrupt protobuf,
/// broken gRPC frames, invalid UTF-8 in each string field, extreme numbers in each numeric field,
/// hostile ids and page tokens, an oversize message and a 10,000-item order. Each field is broken
/// alone, both in an empty request and in an otherwise valid one, so that the broken value is what
/// the service must notice.
/// </summary>
internal static class FuzzCorpus
{
    private const string Sentinel = "@@FUZZ@@";

    // Same length as the sentinel, so every length prefix around it stays right.
    private static readonly byte[] InvalidUtf8 = [0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xFF];

    public static IEnumerable<FuzzCase> For(MethodDescriptor method, IMessage? validBase, Random random)
    {
        var empty = method.InputType.Parser.ParseFrom([]);
        var bases = validBase is null ? [("empty", empty)] : new[] { ("empty", empty), ("valid", validBase) };
        var baseBytes = (validBase ?? empty).ToByteArray();

        foreach (var c in CorruptMessages(method, baseBytes, random))
        {
            yield return c;
        }

        foreach (var c in BrokenFrames(method, baseBytes))
        {
            yield return c;
        }

        foreach (var (name, token) in ForgedTokens(random))
        {
            yield return new FuzzCase(method, $"token {name}", FuzzKind.Hostile, Frame(empty.ToByteArray())) { ForgedToken = token };
        }

        foreach (var (baseName, message) in bases)
        {
            foreach (var path in LeafPaths(method.InputType, depth: 0))
            {
                var name = $"{baseName} {string.Join('.', path.Select(f => f.Name))}";
                var leaf = path[^1];
                foreach (var (valueName, kind, body) in BrokenValues(message, path, leaf))
                {
                    yield return new FuzzCase(method, $"{name} = {valueName}", kind, Frame(body));
                }
            }
        }
    }

    /// <summary>An order of 10,000 items, each valid on its own.</summary>
    public static FuzzCase TenThousandItems(MethodDescriptor createOrder, string userId)
    {
        var request = new Orders.V1.CreateOrderRequest { UserId = userId };
        for (var i = 0; i < 10_000; i++)
        {
            request.Items.Add(new Orders.V1.LineItem { Sku = "sku-" + i, Quantity = 1, UnitPrice = new Type.V1.Money { CurrencyCode = "EUR", Units = 1 } });
        }

        return new FuzzCase(createOrder, "10,000 items", FuzzKind.Malformed, Frame(request.ToByteArray()));
    }

    private static byte[] Frame(byte[] message) => RawGrpcCaller.Frame(message);

    private static IEnumerable<FuzzCase> CorruptMessages(MethodDescriptor method, byte[] valid, Random random)
    {
        for (var i = 0; i < 8; i++)
        {
            var blob = new byte[random.Next(1, 512)];
            random.NextBytes(blob);
            yield return new FuzzCase(method, $"random bytes #{i} ({blob.Length} B)", FuzzKind.Hostile, Frame(blob));
        }

        yield return new FuzzCase(method, "field number 0", FuzzKind.Corrupt, Frame([.. valid, 0x00, 0x01]));
        yield return new FuzzCase(method, "wire type 7", FuzzKind.Corrupt, Frame([.. valid, 0x0F, 0x01]));
        yield return new FuzzCase(method, "length past the end", FuzzKind.Corrupt, Frame([.. valid, 0x0A, 0x64, 0x61, 0x62]));
        yield return new FuzzCase(method, "varint of 11 bytes", FuzzKind.Corrupt,
            Frame([.. valid, 0x10, .. Enumerable.Repeat((byte)0xFF, 10), 0x01]));
        yield return new FuzzCase(method, "unterminated groups", FuzzKind.Corrupt,
            Frame([.. valid, .. Enumerable.Repeat((byte)0x7B, 200)]));
        yield return new FuzzCase(method, "2 MiB message", FuzzKind.Corrupt, Frame(RandomBytes(random, 2 * 1024 * 1024)));
    }

    private static IEnumerable<FuzzCase> BrokenFrames(MethodDescriptor method, byte[] valid)
    {
        yield return new FuzzCase(method, "frame shorter than declared", FuzzKind.Corrupt, RawGrpcCaller.Frame(valid, declaredLength: valid.Length + 100));
        yield return new FuzzCase(method, "half a frame header", FuzzKind.Corrupt, [0x00, 0x00, 0x00]);
        yield return new FuzzCase(method, "no message", FuzzKind.Corrupt, []);
        yield return new FuzzCase(method, "two messages", FuzzKind.Corrupt, [.. Frame(valid), .. Frame(valid)]);
        yield return new FuzzCase(method, "compressed flag without an encoding", FuzzKind.Corrupt, RawGrpcCaller.Frame(valid, compressedFlag: true));
        yield return new FuzzCase(method, "gzip flag over plain bytes", FuzzKind.Corrupt, RawGrpcCaller.Frame(valid, compressedFlag: true), "gzip");
        yield return new FuzzCase(method, "declared length 4 GiB", FuzzKind.Corrupt, [0x00, 0xFF, 0xFF, 0xFF, 0xFF, .. valid]);
    }

    private static IEnumerable<(string, string)> ForgedTokens(Random random) =>
    [
        ("garbage", "garbage"),
        ("JWT-shaped noise", $"{Base64Url(RandomBytes(random, 24))}.{Base64Url(RandomBytes(random, 64))}.{Base64Url(RandomBytes(random, 32))}"),
        ("unsigned", $"{Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}"))}.{Base64Url(Encoding.UTF8.GetBytes("{\"sub\":\"x\",\"role\":\"admin\"}"))}."),
        ("4 KiB", new string('x', 4096)),
    ];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static IEnumerable<(string Name, FuzzKind Kind, byte[] Body)> BrokenValues(IMessage message, FieldDescriptor[] path, FieldDescriptor leaf)
    {
        switch (leaf.FieldType)
        {
            case FieldType.String:
                yield return ("invalid UTF-8", FuzzKind.Malformed, WithInvalidUtf8(message, path));
                if (IsReference(leaf))
                {
                    foreach (var (name, value) in HostileReferences())
                    {
                        yield return (name, FuzzKind.Hostile, With(message, path, value).ToByteArray());
                    }
                }

                break;
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                foreach (var value in new[] { -1, int.MinValue, int.MaxValue })
                {
                    yield return (value.ToString(System.Globalization.CultureInfo.InvariantCulture), FuzzKind.Hostile, With(message, path, value).ToByteArray());
                }

                break;
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                foreach (var value in new[] { -1L, long.MinValue, long.MaxValue })
                {
                    yield return (value.ToString(System.Globalization.CultureInfo.InvariantCulture), FuzzKind.Hostile, With(message, path, value).ToByteArray());
                }

                break;
            case FieldType.Enum:
                foreach (var value in new[] { -1, 9999 })
                {
                    yield return ($"enum {value}", FuzzKind.Malformed, With(message, path, Enum.ToObject(leaf.EnumType.ClrType, value)).ToByteArray());
                }

                break;
        }
    }

    // Ids, page tokens and etags: values the server hands out, so any other value is not one of them.
    private static bool IsReference(FieldDescriptor field) =>
        field.Name is "id" or "etag" || field.Name.EndsWith("_token", StringComparison.Ordinal)
        || (field.Name.EndsWith("_id", StringComparison.Ordinal) && field.Name != "request_id");

    private static IEnumerable<(string, string)> HostileReferences() =>
    [
        ("garbage", "not-one-of-ours"),
        ("64 KiB", new string('A', 64 * 1024)),
        ("base64 of noise", Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"q\":\"other\",\"after\":\"x\"}"))),
        ("SQL", "' OR 1=1 --"),
        ("path", "../../../../etc/passwd"),
        ("NUL", "\0"),
        ("UUID of nothing", "00000000-0000-7000-8000-000000000000"),
    ];

    private static byte[] WithInvalidUtf8(IMessage message, FieldDescriptor[] path)
    {
        var bytes = With(message, path, Sentinel).ToByteArray();
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Sentinel));
        InvalidUtf8.CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    /// <summary>A copy of the message with the field at the end of the path set to the value.</summary>
    private static IMessage With(IMessage message, FieldDescriptor[] path, object value)
    {
        var copy = message.Descriptor.Parser.ParseFrom(message.ToByteArray());
        var target = copy;
        foreach (var field in path[..^1])
        {
            target = Child(target, field);
        }

        var leaf = path[^1];
        if (leaf.IsRepeated)
        {
            var list = (IList)leaf.Accessor.GetValue(target);
            list.Clear();
            list.Add(value);
        }
        else
        {
            leaf.Accessor.SetValue(target, value);
        }

        return copy;
    }

    private static IMessage Child(IMessage parent, FieldDescriptor field)
    {
        if (field.IsRepeated)
        {
            var list = (IList)field.Accessor.GetValue(parent);
            if (list.Count == 0)
            {
                list.Add(field.MessageType.Parser.ParseFrom([]));
            }

            return (IMessage)list[0]!;
        }

        if (field.Accessor.GetValue(parent) is IMessage existing)
        {
            return existing;
        }

        var created = field.MessageType.Parser.ParseFrom([]);
        field.Accessor.SetValue(parent, created);
        return created;
    }

    private static IEnumerable<FieldDescriptor[]> LeafPaths(MessageDescriptor type, int depth)
    {
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.Message)
            {
                // Times in a request are output-only fields, which a service ignores by contract.
                if (depth < 3 && field.MessageType.FullName != Google.Protobuf.WellKnownTypes.Timestamp.Descriptor.FullName)
                {
                    foreach (var rest in LeafPaths(field.MessageType, depth + 1))
                    {
                        yield return [field, .. rest];
                    }
                }
            }
            else
            {
                yield return [field];
            }
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
