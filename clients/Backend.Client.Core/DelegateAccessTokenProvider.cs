namespace Backend.Client;

internal sealed class DelegateAccessTokenProvider(Func<CancellationToken, ValueTask<string?>> getToken)
    : IAccessTokenProvider
{
    public ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken) =>
        getToken(cancellationToken);
}
