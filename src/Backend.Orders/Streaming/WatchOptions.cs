namespace Backend.Orders.Streaming;

/// <summary>Configuration section <c>Orders:Watch</c>.</summary>
public sealed class WatchOptions
{
    public const string Section = "Orders:Watch";

    /// <summary>
    /// How many live events a watcher may fall behind before it is cut off with UNAVAILABLE and
    /// told to resume from its last revision.
    /// </summary>
    public int MaxLag { get; set; } = 256;
}
