using Backend.Payments.Domain;

namespace Backend.Payments.Application;

public sealed record PaymentPage(IReadOnlyList<Payment> Payments, string NextPageToken);
