using Google.Rpc;
using Grpc.Core;

namespace Backend.Orders.Client;

/// <summary>Telling the change feed's refusals apart.</summary>
public static class OrderFeedErrors
{
    /// <summary>The ErrorInfo reason of a cursor whose next changes are no longer kept.</summary>
    public const string CursorExpired = "CURSOR_EXPIRED";

    /// <summary>
    /// Whether <paramref name="error"/> says the changes after the cursor are no longer kept
    /// (OUT_OF_RANGE with ErrorInfo reason <see cref="CursorExpired"/>). Resync: list the orders
    /// again, then follow the feed from an empty cursor.
    /// </summary>
    /// <param name="error">A failure of WatchOrderChanges.</param>
    /// <returns>Whether the cursor expired.</returns>
    public static bool IsCursorExpired(this RpcException error)
    {
        if (error.StatusCode != StatusCode.OutOfRange || error.Trailers.GetValueBytes("grpc-status-details-bin") is not { } details)
        {
            return false;
        }

        return Google.Rpc.Status.Parser.ParseFrom(details).Details
            .Any(d => d.TryUnpack<ErrorInfo>(out var info) && info.Reason == CursorExpired);
    }
}
