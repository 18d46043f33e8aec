namespace Backend.Platform.Errors;

/// <summary>
/// What went wrong, in the terms a caller acts on. Domain code speaks these; the error
/// interceptor turns them into gRPC status codes.
/// </summary>
public enum ErrorKind
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    FailedPrecondition,
    Aborted,
    PermissionDenied,
    Unauthenticated,
    ResourceExhausted,
    Unavailable,
    OutOfRange,
}
