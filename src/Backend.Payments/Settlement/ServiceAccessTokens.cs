using Backend.Client;
using Backend.Platform.Identity;

namespace Backend.Payments.Settlement;

/// <summary>The service identity's token, as the generated clients ask for it.</summary>
internal sealed class ServiceAccessTokens(ServiceTokenProvider tokens) : IAccessTokenProvider
{
    public ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken) => tokens.GetAccessTokenAsync(cancellationToken);
}
