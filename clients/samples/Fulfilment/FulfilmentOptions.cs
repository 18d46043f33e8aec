namespace Fulfilment;

/// <summary>Configuration section <c>Fulfilment</c>.</summary>
public sealed class FulfilmentOptions
{
    public const string Section = "Fulfilment";

    /// <summary>Where the platform's gRPC port is.</summary>
    public Uri Platform { get; set; } = new("http://localhost:5000");

    /// <summary>This service's own identity, registered with the platform (Auth:Clients:&lt;id&gt;).</summary>
    public string ClientId { get; set; } = "fulfilment";

    /// <summary>The identity's secret; from a secret store or the environment, never from a file in the repository.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>How long after its payment an order is shipped.</summary>
    public TimeSpan ShipDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The deadline of each unary call to the platform.</summary>
    public TimeSpan CallDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The file that keeps the feed cursor between runs.</summary>
    public string CursorFile { get; set; } = "fulfilment.cursor";
}
