namespace Backend.Platform.Identity;

/// <summary>
/// The token this process's service identity presents to the other services: short-lived,
/// carrying only its own permissions, renewed once two thirds of its life are over.
/// </summary>
public sealed class ServiceTokenProvider : IDisposable
{
    private readonly ServiceTokenSource _source;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _current;

    internal ServiceTokenProvider(ServiceTokenSource source, TimeProvider timeProvider) =>
        (_source, _timeProvider) = (source, timeProvider);

    public async ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && _timeProvider.GetUtcNow() < current.RenewAt)
        {
            return current.Token;
        }

        await _renewing.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } renewed && _timeProvider.GetUtcNow() < renewed.RenewAt)
            {
                return renewed.Token;
            }

            var now = _timeProvider.GetUtcNow();
            var (token, expiresAt) = await _source.GetAsync(cancellationToken);
            _current = (token, now + ((expiresAt - now) * 2 / 3));
            return token;
        }
        finally
        {
            _renewing.Release();
        }
    }

    public void Dispose() => _renewing.Dispose();
}
