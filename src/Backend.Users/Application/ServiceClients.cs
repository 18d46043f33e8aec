using System.Security.Cryptography;
using System.Text;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Microsoft.Extensions.Options;

namespace Backend.Users.Application;

/// <summary>
/// The platform's service identities: a client id and secret configured for each service
/// process (<c>Auth:Clients:&lt;id&gt;:SecretSha256</c> here), exchanged for a short-lived token
/// that carries only that service's permissions.
/// </summary>
internal sealed class ServiceClients(TokenIssuer issuer, IOptions<AuthOptions> options)
{
    public (string Token, DateTimeOffset ExpiresAt) Authenticate(string clientId, string secret)
    {
        var expected = options.Value.Clients.TryGetValue(clientId, out var registration) ? registration.SecretSha256 : null;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        // The platform's own clients have fixed permissions; any other client those it is configured with.
        var permissions = ServicePermissions.Of(clientId) is { Count: > 0 } own ? own : registration?.Methods ?? [];
        var known = expected is { Length: 64 } && permissions.Count > 0;
        // Compared in constant time, and compared even for an unknown client, so timing tells nothing.
        var matches = CryptographicOperations.FixedTimeEquals(presented, known ? Convert.FromHexString(expected!) : new byte[presented.Length]);
        if (!known || !matches)
        {
            throw new DomainException(ErrorKind.Unauthenticated, "INVALID_CLIENT", "The client id or secret is wrong.");
        }

        return issuer.IssueForClient(clientId, permissions: permissions);
    }
}
