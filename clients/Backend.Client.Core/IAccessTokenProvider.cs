namespace Backend.Client;

/// <summary>
/// Supplies the bearer token sent as <c>authorization: Bearer &lt;token&gt;</c> with every call of
/// the Backend clients registered in the same service collection. Register an implementation
/// that the service provider builds with
/// <see cref="BackendClientServiceCollectionExtensions.AddBackendAccessTokenProvider{TProvider}(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>
/// or <see cref="BackendClientServiceCollectionExtensions.AddBackendAccessTokenProvider(Microsoft.Extensions.DependencyInjection.IServiceCollection, Func{IServiceProvider, IAccessTokenProvider})"/>,
/// or a plain function with
/// <see cref="BackendClientServiceCollectionExtensions.AddBackendAccessToken(Microsoft.Extensions.DependencyInjection.IServiceCollection, Func{CancellationToken, ValueTask{string?}})"/>.
/// Each call asks for the token, so an implementation caches it and renews it before it expires.
/// </summary>
public interface IAccessTokenProvider
{
    /// <summary>
    /// Returns the token for the next call, or <see langword="null"/> to send none.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the call is.</param>
    ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken);
}
