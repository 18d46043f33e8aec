using System.Security.Cryptography;
using System.Text;

namespace Backend.Testing;

/// <summary>
/// The configuration of a deployment split into processes: the issuer knows each service
/// client's secret by its hash; each service process holds its own secret.
/// </summary>
public sealed class ServiceCredentials
{
    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal)
    {
        ["orders"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["payments"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    public string Secret(string clientId) => _secrets[clientId];

    /// <summary>Environment of the process that hosts UserService (the issuer).</summary>
    public Dictionary<string, string> Issuer(string signingKeyPem)
    {
        var environment = new Dictionary<string, string> { ["Auth__SigningKey"] = signingKeyPem };
        foreach (var (clientId, secret) in _secrets)
        {
            environment[$"Auth__Clients__{clientId}__SecretSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        }

        return environment;
    }

    /// <summary>Environment of a process that does not host UserService, with the given identity.</summary>
    public Dictionary<string, string> Service(string clientId, Uri users) => new()
    {
        ["Auth__Client__Id"] = clientId,
        ["Auth__Client__Secret"] = _secrets[clientId],
        ["Endpoints__Users"] = users.ToString().TrimEnd('/'),
    };
}
