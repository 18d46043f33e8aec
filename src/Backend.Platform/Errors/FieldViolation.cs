namespace Backend.Platform.Errors;

/// <summary>One bad field of a request: its path (e.g. <c>items[2].quantity</c>) and what is wrong with it.</summary>
public sealed record FieldViolation(string Field, string Description);
