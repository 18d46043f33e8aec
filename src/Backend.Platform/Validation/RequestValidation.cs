using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Platform.Validation;

/// <summary>
/// Runs the registered <see cref="IRequestValidator{TRequest}"/>s of a request before its
/// handler, and refuses the call with every violation when any fails. The error interceptor calls
/// it first, inside its own handling (see docs/decisions/0021-lean-stream-requests.md): grpc-dotnet
/// keeps an async frame per interceptor for as long as a call lasts, and an interceptor of its
/// own cost every open stream about 180 bytes.
/// </summary>
internal static class RequestValidation
{
    public static void Validate<TRequest>(TRequest request, ServerCallContext context)
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
