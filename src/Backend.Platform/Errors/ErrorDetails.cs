using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Backend.Platform.Errors;

/// <summary>
/// Builds the <c>google.rpc.Status</c> every non-OK answer carries: an ErrorInfo (reason,
/// domain <c>backend</c>, metadata) and, for INVALID_ARGUMENT, a BadRequest naming each bad field.
/// </summary>
public static class ErrorDetails
{
    public const string Domain = "backend";

    public static RpcException ToRpcException(this DomainException error)
    {
        var status = Create(ToStatusCode(error.Kind), error.Reason, error.Message, error.Violations, error.Metadata);
        if (error is RetryLaterException later)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(later.RetryAfter) }));
        }

        return RpcStatusExtensions.ToRpcException(status);
    }

    public static Google.Rpc.Status Create(
        StatusCode code,
        string reason,
        string message,
        IReadOnlyList<FieldViolation>? violations = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            info.Metadata[key] = value;
        }

        var status = new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } };
        if (violations is { Count: > 0 })
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.AddRange(violations.Select(v =>
                new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            status.Details.Add(Any.Pack(badRequest));
        }

        return status;
    }

    /// <summary>The UPPER_SNAKE_CASE reason for a status raised outside domain code.</summary>
    public static string DefaultReason(StatusCode code) => code switch
    {
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.NotFound => "NOT_FOUND",
        _ => "INTERNAL",
    };

    public static StatusCode ToStatusCode(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ErrorKind.Aborted => StatusCode.Aborted,
        ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ErrorKind.Unauthenticated => StatusCode.Unauthenticated,
        ErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        ErrorKind.Unavailable => StatusCode.Unavailable,
        ErrorKind.OutOfRange => StatusCode.OutOfRange,
        _ => StatusCode.Internal,
    };
}
