using Backend.IntegrationTests.Orders;
using Backend.IntegrationTests.Payments;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Testing;
using Backend.Users.V1;

namespace Backend.IntegrationTests.Identity;

/// <summary>
/// What one cell of the caller matrix acts on, made anew for each cell so that no call sees
/// another's effects: an owner with a session, another user, the owner's pending order, a paid
/// order, and a payment.
/// </summary>
internal sealed record CallerWorld(
    User Owner, AuthenticateResponse OwnerSession, AuthenticateResponse OtherSession, Order Pending, Order Paid, Payment Payment)
{
    public const string Password = "correct horse battery staple";

    public static async Task<CallerWorld> CreateAsync(BackendFactory factory)
    {
        var (owner, ownerSession) = await SignUpAsync(factory);
        var (_, otherSession) = await SignUpAsync(factory);
        var pending = await factory.PlaceAsync(ownerSession.AccessToken, owner.Id);
        var paid = await factory.PlaceAsync(ownerSession.AccessToken, owner.Id);
        paid = await factory.StepAsync(paid.Id, Backend.Orders.V1.OrderStatus.Paid, Bearer.Headers(factory.AdminToken()));
        var charged = await factory.PlaceAsync(ownerSession.AccessToken, owner.Id);
        var payment = await factory.PayAsync(charged, ownerSession.AccessToken);
        return new CallerWorld(owner, ownerSession, otherSession, pending, paid, payment);
    }

    private static async Task<(User, AuthenticateResponse)> SignUpAsync(BackendFactory factory)
    {
        var (user, _) = await factory.SignUpAsync(password: Password);
        return (user, await factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = user.Email, Password = Password }));
    }
}
