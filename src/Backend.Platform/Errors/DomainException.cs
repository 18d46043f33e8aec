namespace Backend.Platform.Errors;

/// <summary>
/// A refusal the caller can understand and act on. <see cref="Reason"/> is an UPPER_SNAKE_CASE
/// constant callers may branch on; the message is for people.
/// </summary>
public class DomainException(
    ErrorKind kind,
    string reason,
    string message,
    IReadOnlyList<FieldViolation>? violations = null,
    IReadOnlyDictionary<string, string>? metadata = null) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;

    public string Reason { get; } = reason;

    public IReadOnlyList<FieldViolation> Violations { get; } = violations ?? [];

    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata ?? new Dictionary<string, string>();

    public static DomainException NotFound(string resource, string id) =>
        new(ErrorKind.NotFound, resource.ToUpperInvariant() + "_NOT_FOUND", $"{resource} '{id}' was not found.",
            metadata: new Dictionary<string, string> { ["resource"] = resource, ["id"] = id });

    public static DomainException Invalid(string field, string description) =>
        new(ErrorKind.InvalidArgument, "INVALID_ARGUMENT", description, [new FieldViolation(field, description)]);

    public static DomainException StaleEtag(string resource) =>
        new(ErrorKind.Aborted, "ETAG_MISMATCH", $"The {resource} was changed by someone else; read it again and retry with its new etag.");

    public static DomainException PermissionDenied(string reason, string message) =>
        new(ErrorKind.PermissionDenied, reason, message);
}
