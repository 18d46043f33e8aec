namespace Backend.Client;

/// <summary>
/// Supplies the bearer token sent as <c>authorization: Bearer &lt;token&gt;</c> with every call of
/// the Backend clients registered in the same service collection. Register one with
/// <see cref="BackendClientServiceCollectionExtensions.AddBackendAccessToken(Microsoft.Extensions.DependencyInjection.IServiceCollection, Func{CancellationToken, ValueTask{string?}})"/>
/// or as your own implementation of this interface.
/// </summary>
public interface IAccessTokenProvider
{
    /// <summary>
    /// Returns the token for the next call, or <see langword="null"/> to send none.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the call is.</param>
    ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken);
}
