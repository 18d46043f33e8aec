using System.Diagnostics;
using Backend.Platform.Validation;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Backend.Platform.Errors;

/// <summary>
/// The one place where failures become gRPC statuses. Domain refusals map to their status with
/// details; statuses raised elsewhere gain an ErrorInfo; anything unexpected becomes INTERNAL
/// with a correlation id and is logged, never shown to the caller. A unary or server-streaming
/// request is validated first (<see cref="RequestValidation"/>), its violations answered the same way.
/// </summary>
internal sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            RequestValidation.Validate(request, context);
            return await continuation(request, context);
        }
        catch (Exception error) when (error is not RpcException { Trailers.Count: > 0 })
        {
            throw Translate(error, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            RequestValidation.Validate(request, context);
            await continuation(request, responseStream, context);
        }
        catch (Exception error) when (error is not RpcException { Trailers.Count: > 0 })
        {
            throw Translate(error, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception error) when (error is not RpcException { Trailers.Count: > 0 })
        {
            throw Translate(error, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception error) when (error is not RpcException { Trailers.Count: > 0 })
        {
            throw Translate(error, context);
        }
    }

    private RpcException Translate(Exception error, ServerCallContext context)
    {
        switch (error)
        {
            case DomainException domain:
                return domain.ToRpcException();
            case RpcException rpc:
                return RpcStatusExtensions.ToRpcException(
                    ErrorDetails.Create(rpc.StatusCode, ErrorDetails.DefaultReason(rpc.StatusCode), rpc.Status.Detail));
            // Once the caller's deadline or cancellation has fired, whatever the work was doing
            // fails because of it (a database driver cancels its command with an exception of
            // its own), and the answer says so rather than reporting an internal fault.
            case Exception when context.CancellationToken.IsCancellationRequested:
                var expired = context.Deadline <= DateTime.UtcNow;
                var code = expired ? StatusCode.DeadlineExceeded : StatusCode.Cancelled;
                return RpcStatusExtensions.ToRpcException(ErrorDetails.Create(
                    code, ErrorDetails.DefaultReason(code), expired ? "The deadline passed." : "The call was cancelled."));
            default:
                var correlationId = Activity.Current?.TraceId.ToString() ?? context.GetHttpContext().TraceIdentifier;
                LogUnexpected(logger, error, context.Method, correlationId);
                return RpcStatusExtensions.ToRpcException(ErrorDetails.Create(
                    StatusCode.Internal,
                    "INTERNAL",
                    $"An internal error occurred. Quote correlation id {correlationId} when reporting it.",
                    metadata: new Dictionary<string, string> { ["correlation_id"] = correlationId }));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method} (correlation id {CorrelationId})")]
    private static partial void LogUnexpected(ILogger logger, Exception error, string method, string correlationId);
}
