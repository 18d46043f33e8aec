using System.Globalization;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Backend.Platform.Errors;

/// <summary>
/// Answers a gRPC call from middleware, before it reaches a service: a trailers-only response
/// (HTTP 200, the status in the headers, no body) carrying the same google.rpc.Status details
/// as every other error of the platform. A REST call to the same RPC gets the same status as
/// JSON instead (<see cref="JsonStatusResponse"/>).
/// </summary>
internal static class TrailersOnlyResponse
{
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string DetailsHeader = "grpc-status-details-bin";

    public static Task WriteAsync(HttpContext context, Google.Rpc.Status status)
    {
        if (JsonStatusResponse.Applies(context))
        {
            return JsonStatusResponse.WriteAsync(context, status);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        SetStatus(context.Response.Headers, status);
        return Task.CompletedTask;
    }

    /// <summary>Writes the status, its message and its details into the response headers.</summary>
    public static void SetStatus(IHeaderDictionary headers, Google.Rpc.Status status)
    {
        headers[StatusHeader] = status.Code.ToString(CultureInfo.InvariantCulture);
        headers[MessageHeader] = Uri.EscapeDataString(status.Message);
        headers[DetailsHeader] = Convert.ToBase64String(status.ToByteArray());
    }
}
