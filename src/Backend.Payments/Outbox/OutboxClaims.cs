using Backend.Payments.Domain;
using Microsoft.Extensions.Options;

namespace Backend.Payments.Outbox;

/// <summary>
/// This process's name on the outbox leases, and how long a lease lasts. A hand-over the process
/// delivers itself right after committing it is leased in the same transaction, so no other
/// dispatcher takes it meanwhile and no separate claim is needed; if the process dies, the lease
/// runs out and any dispatcher delivers it.
/// </summary>
internal sealed class OutboxClaims(IOptions<OutboxOptions> options)
{
    public string Owner { get; } = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    public DateTimeOffset LeaseUntil(DateTimeOffset now) => now + options.Value.Lease;

    /// <summary>Leases the message to this process, when this process delivers hand-overs at all.</summary>
    public bool Lease(OutboxMessage message, DateTimeOffset now)
    {
        if (!options.Value.DispatcherEnabled)
        {
            return false;
        }

        message.LeaseOwner = Owner;
        message.LeaseExpireTime = LeaseUntil(now);
        return true;
    }
}
