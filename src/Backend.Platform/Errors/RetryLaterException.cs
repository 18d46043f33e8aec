namespace Backend.Platform.Errors;

/// <summary>
/// A refusal that passes once the caller has waited: RESOURCE_EXHAUSTED by default, with a
/// google.rpc.RetryInfo saying how long to wait.
/// </summary>
public sealed class RetryLaterException(string reason, string message, TimeSpan retryAfter, ErrorKind kind = ErrorKind.ResourceExhausted)
    : DomainException(kind, reason, message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
