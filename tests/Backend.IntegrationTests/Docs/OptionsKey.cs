namespace Backend.IntegrationTests.Docs;

/// <summary>One configuration key an options class binds.</summary>
/// <param name="Key">The full key, e.g. <c>Payments:Outbox:Lease</c>; a dictionary's entry name is <c>&lt;name&gt;</c>.</param>
/// <param name="Default">The options class's default as configuration would spell it, or null when it has none to compare.</param>
/// <param name="Owner">The options class that declares the property.</param>
internal sealed record OptionsKey(string Key, string? Default, System.Type Owner);
