namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Passes the deadline and cancellation of the gRPC call being handled on to the calls a Backend
/// client makes while handling it.
/// </summary>
public static class CallContextPropagationExtensions
{
    /// <summary>
    /// Makes every call of this client, when it is made while an ASP.NET Core gRPC service
    /// handles a call, end no later than the incoming call's deadline and be cancelled when the
    /// incoming call is: a caller that gave up stops the work it started further down. A unary
    /// call gets the earlier of the incoming deadline and the client's default deadline. Calls
    /// made outside a gRPC call (a background service, start-up) are left as they are.
    /// </summary>
    /// <param name="builder">The builder that a Backend client registration returns, for example <c>AddOrderServiceClient</c>.</param>
    /// <returns>The builder, for further configuration.</returns>
    public static IHttpClientBuilder PropagateCallContext(this IHttpClientBuilder builder) =>
        builder.EnableCallContextPropagation(options => options.SuppressContextNotFoundErrors = true);
}
