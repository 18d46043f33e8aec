using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Platform.Validation;

/// <summary>
/// Runs the registered <see cref="IRequestValidator{TRequest}"/>s of a request before its
/// handler, and refuses the call with every violation when any fails.
/// </summary>
internal sealed class ValidationInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Validate(request, context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Validate(request, context);
        return continuation(request, responseStream, context);
    }

    private static void Validate<TRequest>(TRequest request, ServerCallContext context)
    {
        var validators = context.GetHttpContext().RequestServices.GetServices<IRequestValidator<TRequest>>();
        var errors = new ValidationErrors();
        foreach (var validator in validators)
        {
            validator.Validate(request, errors);
        }

        errors.ThrowIfAny();
    }
}
