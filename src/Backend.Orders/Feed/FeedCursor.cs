using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Backend.Platform.Errors;

namespace Backend.Orders.Feed;

/// <summary>
/// A position in the change feed: (transaction id, entry id) of the last change delivered.
/// Callers see it only as an opaque string (<see cref="Encode"/>), so its shape may change.
/// </summary>
internal readonly record struct FeedCursor(long Xid, long Id)
{
    private const string Version = "c1";

    /// <summary>Before every change.</summary>
    public static readonly FeedCursor Start = new(0, 0);

    /// <summary>Whether this position comes before <paramref name="other"/> in the feed.</summary>
    public bool IsBefore(FeedCursor other) => Xid < other.Xid || (Xid == other.Xid && Id < other.Id);

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Version}:{Xid}:{Id}")));

    /// <summary>The cursor a caller passed back; null for an empty one.</summary>
    public static bool TryDecode(string text, out FeedCursor? cursor)
    {
        cursor = null;
        if (text.Length == 0)
        {
            return true;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split(':');
            if (parts is [Version, var xid, var id]
                && long.TryParse(xid, NumberStyles.None, CultureInfo.InvariantCulture, out var x)
                && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
            {
                cursor = new FeedCursor(x, i);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }

    public static FeedCursor? Decode(string text, string field = "after_cursor") =>
        TryDecode(text, out var cursor)
            ? cursor
            : throw DomainException.Invalid(field, "is not a cursor of this feed; pass the cursor of a response unchanged, or leave it empty");
}
