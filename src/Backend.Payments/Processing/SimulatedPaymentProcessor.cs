using Backend.Payments.Application;
using Backend.Platform.Domain;
using Microsoft.Extensions.Options;

namespace Backend.Payments.Processing;

/// <summary>
/// A stand-in provider with test payment methods: <c>pm_card_visa</c> and <c>pm_card_mastercard</c>
/// succeed, <c>pm_card_declined</c> fails with <c>card_declined</c>,
/// <c>pm_card_insufficient_funds</c> with <c>insufficient_funds</c>; any other method fails with
/// <c>unknown_payment_method</c>. Its outcomes are deterministic, so naturally idempotent; with
/// <c>Payments:SimulatedProcessorLatency</c> each answer takes a random time up to that.
/// </summary>
internal sealed class SimulatedPaymentProcessor(IOptions<PaymentsOptions> options) : IPaymentProcessor
{
    public async Task<ChargeResult> ChargeAsync(string key, string paymentMethod, Money amount, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        return paymentMethod switch
        {
            "pm_card_visa" or "pm_card_mastercard" => ChargeResult.Success,
            "pm_card_declined" => ChargeResult.Declined("card_declined"),
            "pm_card_insufficient_funds" => ChargeResult.Declined("insufficient_funds"),
            _ => ChargeResult.Declined("unknown_payment_method"),
        };
    }

    public Task RefundAsync(string key, string chargeKey, Money amount, CancellationToken cancellationToken) => LatencyAsync(cancellationToken);

    private Task LatencyAsync(CancellationToken cancellationToken) =>
        options.Value.SimulatedProcessorLatency is { Ticks: > 0 } most
            ? Task.Delay(TimeSpan.FromTicks(Random.Shared.NextInt64(most.Ticks)), cancellationToken)
            : Task.CompletedTask;
}
