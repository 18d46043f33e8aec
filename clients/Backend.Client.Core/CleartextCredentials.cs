using Grpc.Core;

namespace Backend.Client;

/// <summary>
/// Keeps bearer tokens off cleartext connections that leave the machine: over <c>http</c> a token
/// goes only to a loopback address, unless <see cref="BackendClientOptions.AllowInsecureCredentials"/> says otherwise.
/// </summary>
internal static class CleartextCredentials
{
    public static void EnsureAllowed(BackendClientOptions options)
    {
        var address = options.Address;
        if (options.AllowInsecureCredentials || address.Scheme != Uri.UriSchemeHttp || address.IsLoopback)
        {
            return;
        }

        throw new RpcException(new Status(StatusCode.FailedPrecondition,
            $"Refusing to send a bearer token over cleartext http to {address.Host}, which is not a loopback address: " +
            "anyone on the way could read it. Use an https address, or set BackendClientOptions.AllowInsecureCredentials " +
            "where the network is trusted."));
    }
}
