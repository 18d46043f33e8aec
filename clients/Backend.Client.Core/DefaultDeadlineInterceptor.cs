using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Backend.Client;

/// <summary>
/// Gives unary calls without a deadline the configured default, so that no call of a caller
/// that forgot one can hang forever. Streams are left alone: a watch is meant to stay open.
/// </summary>
internal sealed class DefaultDeadlineInterceptor(TimeSpan defaultDeadline, TimeProvider timeProvider) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDefaultDeadline(context));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDefaultDeadline(context));

    private ClientInterceptorContext<TRequest, TResponse> WithDefaultDeadline<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        if (context.Options.Deadline is not null || defaultDeadline <= TimeSpan.Zero)
        {
            return context;
        }

        var deadline = timeProvider.GetUtcNow().UtcDateTime + defaultDeadline;
        return new ClientInterceptorContext<TRequest, TResponse>(
            context.Method, context.Host, context.Options.WithDeadline(deadline));
    }
}
