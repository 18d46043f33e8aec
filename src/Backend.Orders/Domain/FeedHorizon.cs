namespace Backend.Orders.Domain;

/// <summary>
/// The single row saying how far the change feed has been pruned: every entry at or before
/// (<see cref="Xid"/>, <see cref="ChangeId"/>) is gone, so a cursor before it has lost changes.
/// </summary>
public sealed class FeedHorizon
{
    public const int SingleId = 1;

    public int Id { get; init; } = SingleId;

    public long Xid { get; set; }

    public long ChangeId { get; set; }
}
