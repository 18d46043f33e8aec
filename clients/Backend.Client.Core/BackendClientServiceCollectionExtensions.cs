using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Backend.Client;

/// <summary>
/// The registration every Backend client library builds on.
/// </summary>
public static class BackendClientServiceCollectionExtensions
{
    /// <summary>
    /// Sends the token <paramref name="getToken"/> returns as a bearer token with every call of
    /// the Backend clients in this service collection.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="getToken">Returns the current token, or <see langword="null"/> for none.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddBackendAccessToken(
        this IServiceCollection services, Func<CancellationToken, ValueTask<string?>> getToken)
    {
        services.Replace(ServiceDescriptor.Singleton<IAccessTokenProvider>(new DelegateAccessTokenProvider(getToken)));
        return services;
    }

    /// <summary>
    /// Sends the token of <typeparamref name="TProvider"/>, built by the service provider with
    /// its own dependencies, as a bearer token with every call of the Backend clients in this
    /// service collection. <typeparamref name="TProvider"/> is registered as a singleton unless
    /// it is registered already, in which case that registration is used.
    /// </summary>
    /// <typeparam name="TProvider">The token source, for example one that caches a token from an identity provider.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddBackendAccessTokenProvider<TProvider>(this IServiceCollection services)
        where TProvider : class, IAccessTokenProvider
    {
        services.TryAddSingleton<TProvider>();
        return services.AddBackendAccessTokenProvider(provider => provider.GetRequiredService<TProvider>());
    }

    /// <summary>
    /// Sends the token of the <see cref="IAccessTokenProvider"/> that <paramref name="create"/>
    /// returns as a bearer token with every call of the Backend clients in this service
    /// collection. <paramref name="create"/> runs once, with the root service provider, when a
    /// client first needs a token.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="create">Builds (or finds) the token source from the registered services.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddBackendAccessTokenProvider(
        this IServiceCollection services, Func<IServiceProvider, IAccessTokenProvider> create)
    {
        services.Replace(ServiceDescriptor.Singleton<IAccessTokenProvider>(create));
        return services;
    }

    /// <summary>
    /// Registers the generated client <typeparamref name="TClient"/> with the Backend defaults:
    /// the configured address over HTTP/2, a default deadline for unary calls, retries of
    /// <paramref name="retriableMethods"/> when the service is unavailable, the bearer token of
    /// the registered <see cref="IAccessTokenProvider"/>. A service that makes calls while it
    /// handles a gRPC call passes that call's deadline and cancellation on with
    /// <c>PropagateCallContext()</c> from the Backend.Client.AspNetCore package.
    /// </summary>
    /// <typeparam name="TClient">The generated client type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceName">The full name of the gRPC service, for the retry policy.</param>
    /// <param name="retriableMethods">The methods that are safe to attempt more than once.</param>
    /// <param name="configure">Changes to the default options.</param>
    /// <returns>The builder of the underlying HTTP client, for further configuration.</returns>
    public static IHttpClientBuilder AddBackendClient<TClient>(
        this IServiceCollection services,
        string serviceName,
        IEnumerable<string> retriableMethods,
        Action<BackendClientOptions>? configure = null)
        where TClient : class
    {
        var optionsName = typeof(TClient).FullName!;
        var optionsBuilder = services.AddOptions<BackendClientOptions>(optionsName);
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        var methods = retriableMethods.ToArray();

        return services
            .AddGrpcClient<TClient>((provider, factoryOptions) =>
            {
                var options = provider.GetRequiredService<IOptionsMonitor<BackendClientOptions>>().Get(optionsName);
                factoryOptions.Address = options.Address;
            })
            .ConfigureChannel((provider, channel) =>
            {
                var options = provider.GetRequiredService<IOptionsMonitor<BackendClientOptions>>().Get(optionsName);
                channel.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
                channel.MaxReconnectBackoff = options.MaxReconnectBackoff;
                // Whether a token may travel over cleartext is decided per call, below, with an
                // error that names the way out; the channel itself never drops the credentials.
                channel.UnsafeUseInsecureChannelCallCredentials = true;
                channel.ServiceConfig = RetryConfig(serviceName, methods, options.MaxAttempts);
            })
            .AddCallCredentials(async (context, metadata, provider) =>
            {
                var tokens = provider.GetService<IAccessTokenProvider>();
                var token = tokens is null ? null : await tokens.GetAccessTokenAsync(context.CancellationToken);
                if (!string.IsNullOrEmpty(token))
                {
                    var options = provider.GetRequiredService<IOptionsMonitor<BackendClientOptions>>().Get(optionsName);
                    CleartextCredentials.EnsureAllowed(options);
                    metadata.Add("authorization", "Bearer " + token);
                }
            })
            .AddInterceptor(provider =>
            {
                var options = provider.GetRequiredService<IOptionsMonitor<BackendClientOptions>>().Get(optionsName);
                return new DefaultDeadlineInterceptor(options.DefaultDeadline, provider.GetRequiredService<TimeProvider>());
            });
    }

    private static ServiceConfig? RetryConfig(string serviceName, string[] methods, int maxAttempts)
    {
        if (maxAttempts <= 1 || methods.Length == 0)
        {
            return null;
        }

        var config = new MethodConfig
        {
            RetryPolicy = new RetryPolicy
            {
                MaxAttempts = maxAttempts,
                InitialBackoff = TimeSpan.FromMilliseconds(100),
                MaxBackoff = TimeSpan.FromSeconds(2),
                BackoffMultiplier = 2,
                RetryableStatusCodes = { StatusCode.Unavailable },
            },
        };
        foreach (var method in methods)
        {
            config.Names.Add(new MethodName { Service = serviceName, Method = method });
        }

        return new ServiceConfig { MethodConfigs = { config } };
    }
}
