using System.Text.Json.Nodes;
using Backend.Platform.Web;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;

namespace Backend.Platform.Errors;

/// <summary>
/// Answers a REST call (an RPC reached through its <c>google.api.http</c> route) from middleware,
/// before it reaches a service, the way JSON transcoding answers an error raised by the service:
/// the HTTP status that matches the gRPC code and the <c>google.rpc.Status</c> as a JSON body.
/// </summary>
internal static class JsonStatusResponse
{
    private static readonly JsonFormatter Formatter = new(new JsonFormatter.Settings(false, StatusDetailTypes.Registry));

    public static bool Applies(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null;

    public static Task WriteAsync(HttpContext context, Google.Rpc.Status status)
    {
        context.Response.StatusCode = HttpStatusOf((StatusCode)status.Code);
        context.Response.ContentType = "application/json; charset=utf-8";
        // Compact, as transcoding writes the statuses services raise.
        var json = JsonNode.Parse(Formatter.Format(status))!.ToJsonString();
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    /// <summary>The HTTP status of a gRPC code, as google.rpc.Code documents it.</summary>
    public static int HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.OK => StatusCodes.Status200OK,
        StatusCode.Cancelled => 499,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
