using Backend.Platform.Data;
using Backend.Platform.Errors;

namespace Backend.Platform.Validation;

/// <summary>The field violations found in one request.</summary>
public sealed class ValidationErrors
{
    private readonly List<FieldViolation> _violations = [];

    public IReadOnlyList<FieldViolation> Violations => _violations;

    public bool IsEmpty => _violations.Count == 0;

    public void Add(string field, string description) => _violations.Add(new FieldViolation(field, description));

    /// <summary>Adds a violation when <paramref name="condition"/> is false.</summary>
    public void Require(bool condition, string field, string description)
    {
        if (!condition)
        {
            Add(field, description);
        }
    }

    /// <summary>Maximum length of a resource id in any request.</summary>
    public const int MaxIdLength = 64;

    /// <summary>
    /// Requires a resource id to look up: present and at most <see cref="MaxIdLength"/> characters.
    /// Ids are opaque to callers, so one that names nothing is NOT_FOUND, not invalid.
    /// </summary>
    public void RequireId(string field, string value) =>
        Require(value.Length is > 0 and <= MaxIdLength, field, value.Length == 0 ? "is required" : $"must be at most {MaxIdLength} characters");

    /// <summary>
    /// Requires an id the request will store as a reference to a resource another service owns,
    /// which this service cannot look up: it must at least be shaped like the ids the platform gives out.
    /// </summary>
    public void RequireWellFormedId(string field, string value) =>
        Require(ResourceIds.IsWellFormed(value), field,
            value.Length == 0 ? "is required" : $"must be an id given out by the platform ({ResourceIds.Length} lower-case hex digits)");

    public void ThrowIfAny()
    {
        if (_violations.Count > 0)
        {
            throw new DomainException(
                ErrorKind.InvalidArgument,
                "INVALID_ARGUMENT",
                _violations.Count == 1
                    ? $"Invalid {_violations[0].Field}: {_violations[0].Description}"
                    : $"The request has {_violations.Count} invalid fields: {string.Join(", ", _violations.Select(v => v.Field))}.",
                _violations);
        }
    }
}
