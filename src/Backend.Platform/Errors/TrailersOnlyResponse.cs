using System.Globalization;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Backend.Platform.Errors;

/// <summary>
/// Answers a gRPC call from middleware, before it reaches a service: a trailers-only response
/// (HTTP 200, the status in the headers, no body) carrying the same google.rpc.Status details
/// as every other error of the platform.
/// </summary>
internal static class TrailersOnlyResponse
{
    public static Task WriteAsync(HttpContext context, Google.Rpc.Status status)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        context.Response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
        return Task.CompletedTask;
    }
}
