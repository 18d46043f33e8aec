using Backend.Platform.Domain;
using System.Globalization;

namespace Backend.Orders.Domain;

/// <summary>An order and where it stands. Every change goes through <see cref="OrderStateMachine"/>.</summary>
public sealed class Order
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>The order's lines, fixed when it is placed.</summary>
    public IReadOnlyList<LineItem> Items { get; init; } = [];

    public required string CurrencyCode { get; init; }

    public long TotalUnits { get; init; }

    public int TotalNanos { get; init; }

    public OrderStatus Status { get; set; }

    /// <summary>1 at creation, +1 per change; the optimistic concurrency token.</summary>
    public long Revision { get; set; } = 1;

    public string PaymentId { get; set; } = "";

    public string CancelReason { get; set; } = "";

    /// <summary>The caller's AIP-155 request id, empty when none was given.</summary>
    public string RequestId { get; init; } = "";

    /// <summary>A fingerprint of the create request, to tell a retry from a different request with the same id.</summary>
    public string RequestFingerprint { get; init; } = "";

    public DateTimeOffset CreateTime { get; init; }

    public DateTimeOffset UpdateTime { get; set; }

    public Money Total => Money.FromParts(CurrencyCode, TotalUnits, TotalNanos);

    public string Etag => Revision.ToString(CultureInfo.InvariantCulture);
}
