using Backend.Platform.Domain;

namespace Backend.Payments.Processing;

/// <summary>
/// A stand-in provider with test payment methods: <c>pm_card_visa</c> and <c>pm_card_mastercard</c>
/// succeed, <c>pm_card_declined</c> fails with <c>card_declined</c>,
/// <c>pm_card_insufficient_funds</c> with <c>insufficient_funds</c>; any other method fails with
/// <c>unknown_payment_method</c>. Deterministic, so naturally idempotent.
/// </summary>
internal sealed class SimulatedPaymentProcessor : IPaymentProcessor
{
    public Task<ChargeResult> ChargeAsync(string key, string paymentMethod, Money amount, CancellationToken cancellationToken) =>
        Task.FromResult(paymentMethod switch
        {
            "pm_card_visa" or "pm_card_mastercard" => ChargeResult.Success,
            "pm_card_declined" => ChargeResult.Declined("card_declined"),
            "pm_card_insufficient_funds" => ChargeResult.Declined("insufficient_funds"),
            _ => ChargeResult.Declined("unknown_payment_method"),
        });

    public Task RefundAsync(string key, string chargeKey, Money amount, CancellationToken cancellationToken) => Task.CompletedTask;
}
