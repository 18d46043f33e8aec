using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backend.EndToEndTests.Readme;

/// <summary>
/// Compares what the README shows with what the server answered. The README shows a subset:
/// every field it shows must be there with that value, fields it leaves out may be anything.
/// A string with <c>...</c> in it matches any value that starts with what stands before and
/// ends with what stands after (<c>"..."</c>: any value); an array ending in <c>"..."</c> may
/// have more elements.
/// </summary>
internal static class JsonExpectation
{
    public static IReadOnlyList<JsonNode> ParseAll(string text)
    {
        var values = new List<JsonNode>();
        var reader = new Utf8JsonReader(
            System.Text.Encoding.UTF8.GetBytes(text),
            new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        while (JsonNode.Parse(ref reader) is { } node)
        {
            values.Add(node);
            if (!reader.Read())
            {
                break;
            }
        }

        return values;
    }

    /// <summary>Null when <paramref name="actual"/> matches; otherwise where and how it differs.</summary>
    public static string? Mismatch(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                return actual is null ? null : $"{path}: expected null, got {actual.ToJsonString()}";
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject)
                {
                    return $"{path}: expected an object, got {actual?.ToJsonString() ?? "nothing"}";
                }

                foreach (var (name, value) in expectedObject)
                {
                    if (!actualObject.TryGetPropertyValue(name, out var actualValue))
                    {
                        return $"{path}.{name}: missing in {actualObject.ToJsonString()}";
                    }

                    if (Mismatch(value, actualValue, $"{path}.{name}") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray)
                {
                    return $"{path}: expected an array, got {actual?.ToJsonString() ?? "nothing"}";
                }

                var open = expectedArray.Count > 0 && expectedArray[^1]?.GetValueKind() == JsonValueKind.String
                    && expectedArray[^1]!.GetValue<string>() == "...";
                var count = open ? expectedArray.Count - 1 : expectedArray.Count;
                if (open ? actualArray.Count < count : actualArray.Count != count)
                {
                    return $"{path}: expected {count}{(open ? " or more" : "")} elements, got {actualArray.Count}";
                }

                for (var i = 0; i < count; i++)
                {
                    if (Mismatch(expectedArray[i], actualArray[i], $"{path}[{i}]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            default:
                if (expected.GetValueKind() == JsonValueKind.String && expected.GetValue<string>().Contains("...", StringComparison.Ordinal))
                {
                    var pattern = expected.GetValue<string>().Split("...", 2);
                    var text = actual?.GetValueKind() == JsonValueKind.String ? actual.GetValue<string>() : actual?.ToJsonString();
                    return text is not null && text.StartsWith(pattern[0], StringComparison.Ordinal) && text.EndsWith(pattern[1], StringComparison.Ordinal)
                        ? null
                        : $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}";
                }

                return JsonNode.DeepEquals(expected, actual) ? null : $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}";
        }
    }

    /// <summary>The value at a jq path such as <c>.accessToken</c> or <c>.users[0].id</c>.</summary>
    public static string Select(JsonNode node, string jqPath)
    {
        JsonNode? current = node;
        foreach (var part in jqPath.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part;
            int? index = null;
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                name = part[..bracket];
                index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
            }

            if (name.Length > 0)
            {
                current = current?[name];
            }

            if (index is { } i)
            {
                current = current?[i];
            }
        }

        return current switch
        {
            null => throw new InvalidOperationException($"jq path {jqPath} selects nothing in {node.ToJsonString()}"),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => current.ToJsonString(),
        };
    }
}
