using Backend.Orders.Data;
using Backend.Orders.Domain;
using Backend.Platform.Data;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Backend.Orders.Application;

/// <summary>
/// Reads of orders by the caller's rights: an order the caller may not read is answered as not
/// found, so its existence does not leak. Changes are <see cref="OrderBook"/>.
/// </summary>
internal sealed class OrderReads(ServiceDatabase<OrdersDbContext> database)
{
    private const string Resource = "order";

    /// <summary>The hottest read, compiled once rather than translated from its expression on every call.</summary>
    internal static readonly Func<OrdersDbContext, string, CancellationToken, Task<Order?>> ById =
        EF.CompileAsyncQuery((OrdersDbContext db, string id, CancellationToken _) => db.Orders.AsNoTracking().FirstOrDefault(o => o.Id == id));

    public async Task<Order> GetAsync(string orderId, Caller caller, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var order = await ById(lease.Db, orderId, cancellationToken);
        return order is not null && caller.CanRead(order.UserId) ? order : throw DomainException.NotFound(Resource, orderId);
    }

    public async Task<OrderPage> ListAsync(string userId, int pageSize, string pageToken, Caller caller, CancellationToken cancellationToken)
    {
        if (!caller.CanRead(userId))
        {
            throw DomainException.PermissionDenied("OTHER_USERS_ORDERS", "Only an admin can list another user's orders.");
        }

        var query = "orders:" + userId;
        var size = PageToken.Size(pageSize);
        var before = PageToken.Decode(pageToken, query);
        await using var lease = database.Open();
        var orders = lease.Db.Orders.AsNoTracking().Where(o => o.UserId == userId);
        if (before is not null)
        {
            orders = orders.Where(o => string.Compare(o.Id, before) < 0);
        }

        var page = await orders.OrderByDescending(o => o.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = page.Count > size ? PageToken.Encode(query, page[size - 1].Id) : "";
        return new OrderPage(page.Take(size).ToList(), next);
    }
}
