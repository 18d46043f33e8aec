namespace Backend.Platform.Identity;

/// <summary>
/// In the process that hosts UserService the issuer is at hand: the service's token is signed
/// here, with the same permissions as a token exchanged for the client's credentials.
/// </summary>
internal sealed class LocalServiceTokens(TokenIssuer issuer, string clientId) : ServiceTokenSource
{
    public override Task<(string Token, DateTimeOffset ExpiresAt)> GetAsync(CancellationToken cancellationToken) =>
        Task.FromResult(issuer.IssueForClient(clientId));
}
