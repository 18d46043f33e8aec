using System.Buffers.Text;
using System.Text;
using Backend.Platform.Errors;

namespace Backend.Platform.Data;

/// <summary>
/// Opaque keyset page tokens (AIP-158): the sort key of the last item returned, bound to the
/// query it came from, so a token cannot be replayed against another query.
/// </summary>
public static class PageToken
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    /// <summary>The page size to use for a requested one: 0 means the default, large ones are capped.</summary>
    public static int Size(int requested, string field = "page_size") => requested switch
    {
        < 0 => throw DomainException.Invalid(field, "must not be negative"),
        0 => DefaultPageSize,
        > MaxPageSize => MaxPageSize,
        _ => requested,
    };

    public static string Encode(string query, string lastKey) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"v1\n{query}\n{lastKey}"));

    /// <summary>The last key of the previous page, or null for the first page.</summary>
    public static string? Decode(string token, string query, string field = "page_token")
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('\n');
            if (parts is ["v1", var tokenQuery, var lastKey] && tokenQuery == query && lastKey.Length > 0)
            {
                return lastKey;
            }
        }
        catch (FormatException)
        {
        }

        throw DomainException.Invalid(field, "is not a page token from this query; pass the next_page_token of the previous response unchanged");
    }
}
