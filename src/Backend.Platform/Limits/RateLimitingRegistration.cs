using System.Collections.Frozen;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Backend.Platform.Limits;

/// <summary>
/// Per-caller rate limiting with the ASP.NET Core rate limiter: each user (or, before signing
/// in, each address) has a token bucket; a caller over its rate gets RESOURCE_EXHAUSTED with a
/// RetryInfo saying when to come back. The services' own calls to each other, health and
/// reflection are not limited.
/// </summary>
internal static class RateLimitingRegistration
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    public static WebApplicationBuilder AddCallerRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options));
            limiter.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Period;
                var status = ErrorDetails.Create(StatusCode.ResourceExhausted, "RATE_LIMITED",
                    $"Too many calls from this caller; retry after {retryAfter.TotalMilliseconds:0} ms.");
                status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
                return new ValueTask(TrailersOnlyResponse.WriteAsync(rejected.HttpContext, status));
            };
        });
        return builder;
    }

    // Named, not looked up, so that a method joins the budget as soon as the contract has it.
    private static readonly FrozenSet<string> AnonymousMethods = FrozenSet.Create(StringComparer.Ordinal,
        "/backend.users.v1.UserService/Authenticate",
        "/backend.users.v1.UserService/RefreshSession",
        "/backend.users.v1.UserService/CreateUser");

    private static RateLimitPartition<string> AnonymousPartition(string address, AnonymousRateLimitOptions options)
    {
        var perMinute = Math.Max(1, options.PermitsPerMinute);
        return RateLimitPartition.GetTokenBucketLimiter("anonymous:" + address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            // Refilled, for the time that has passed, by the partitioned limiter's heartbeat.
            AutoReplenishment = false,
        });
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions options)
    {
        var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;
        if (method is null || method.ServiceName.StartsWith("grpc.", StringComparison.Ordinal)
            || context.User.FindFirstValue(TokenClaims.Role) == PlatformRoles.Service)
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (AnonymousMethods.Contains(method.FullName))
        {
            return AnonymousPartition(address, options.Anonymous);
        }

        var caller = context.User.FindFirstValue(TokenClaims.Subject) ?? "address:" + address;
        return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.Burst),
            TokensPerPeriod = Math.Max(1, options.PermitsPerSecond / 10),
            ReplenishmentPeriod = Period,
            QueueLimit = 0,
            // The partitioned limiter already calls every bucket's TryReplenish on its own 100 ms
            // heartbeat, which adds tokens for the time that has passed; a bucket that replenished
            // itself would run a timer of its own, ten wake-ups a second for every active caller.
            AutoReplenishment = false,
        });
    }
}
