using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Backend.Platform.Errors;

/// <summary>
/// Gives the statuses the gRPC framework answers by itself, before a request reaches a service,
/// the same google.rpc.Status details as every other error. A request that cannot be read (not
/// protobuf, invalid UTF-8 in a string, a frame cut short or compressed without an encoding) is
/// the caller's fault and becomes INVALID_ARGUMENT <c>MALFORMED_REQUEST</c>, not UNKNOWN or INTERNAL.
/// </summary>
/// <remarks>
/// Every status raised by a service already carries details (<see cref="ErrorInterceptor"/>), so a
/// trailers-only answer without them comes from reading the request. A status in trailers, after
/// the response started, is left as it is: only a deadline can end a started call that way, and the
/// caller's own client ends the call at the same moment.
/// </remarks>
internal static class FrameworkStatusDetails
{
    // The framework's words for a request whose frames or encoding are broken.
    private static readonly string[] BrokenFrameMessages =
    [
        "Incomplete message.",
        "Additional data after the message received.",
        "Request did not include grpc-encoding value with compressed message.",
    ];

    public static IApplicationBuilder UseFrameworkStatusDetails(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            context.Response.OnStarting(static state => Complete((HttpResponse)state), context.Response);
        }

        return next(context);
    });

    private static Task Complete(HttpResponse response)
    {
        var headers = response.Headers;
        if (!headers.TryGetValue(TrailersOnlyResponse.StatusHeader, out var statusText) || statusText == "0"
            || headers.ContainsKey(TrailersOnlyResponse.DetailsHeader)
            || !int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return Task.CompletedTask;
        }

        var message = Uri.UnescapeDataString(headers[TrailersOnlyResponse.MessageHeader].ToString());
        TrailersOnlyResponse.SetStatus(headers, Describe((StatusCode)number, message, response.HttpContext.Request.Path));
        return Task.CompletedTask;
    }

    private static Google.Rpc.Status Describe(StatusCode code, string message, PathString method)
    {
        var unreadable = code == StatusCode.Unknown
            || (code == StatusCode.Internal && BrokenFrameMessages.Contains(message, StringComparer.Ordinal));
        if (unreadable)
        {
            return ErrorDetails.Create(
                StatusCode.InvalidArgument,
                "MALFORMED_REQUEST",
                $"The request to {method} could not be read: it must be one gRPC frame holding a valid protobuf message of the method's request type, with UTF-8 strings.");
        }

        return ErrorDetails.Create(code, ErrorDetails.DefaultReason(code), message);
    }
}
