using Microsoft.Extensions.DependencyInjection;

namespace Backend.Platform.Validation;

public static class ValidationRegistration
{
    public static IServiceCollection AddRequestValidator<TRequest, TValidator>(this IServiceCollection services)
        where TValidator : class, IRequestValidator<TRequest>
    {
        services.AddSingleton<IRequestValidator<TRequest>, TValidator>();
        return services;
    }
}
