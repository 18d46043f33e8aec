using System.Security.Claims;
using Backend.Orders.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Money = Backend.Type.V1.Money;

namespace Backend.ReferenceHost;

/// <summary>
/// GetOrder as the framework's own parts serve it, with nothing of the platform's: the caller is
/// authenticated by ASP.NET Core's JWT bearer handler, the order is one row read by a compiled
/// EF Core query from SQLite through a pooled context, and only its owner may read it. It is
/// the floor under any GetOrder that checks a token and reads a store on this stack.
/// </summary>
internal sealed class ReferenceStoredOrders(IDbContextFactory<ReferenceDb> contexts) : OrderService.OrderServiceBase
{
    private static readonly Func<ReferenceDb, string, Task<StoredOrder?>> ById =
        EF.CompileAsyncQuery((ReferenceDb db, string id) => db.Orders.AsNoTracking().FirstOrDefault(o => o.Id == id));

    public override async Task<GetOrderResponse> GetOrder(GetOrderRequest request, ServerCallContext context)
    {
        StoredOrder? stored;
        await using (var db = await contexts.CreateDbContextAsync(context.CancellationToken))
        {
            stored = await ById(db, request.OrderId);
        }

        var caller = context.GetHttpContext().User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (stored is null || stored.UserId != caller)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"order {request.OrderId} not found"));
        }

        return new GetOrderResponse
        {
            Order = new Order
            {
                Id = stored.Id,
                UserId = stored.UserId,
                Items = { new LineItem { Sku = stored.Sku, Quantity = stored.Quantity, UnitPrice = new Money { CurrencyCode = stored.CurrencyCode, Units = stored.UnitPriceUnits, Nanos = stored.UnitPriceNanos } } },
                Total = new Money { CurrencyCode = stored.CurrencyCode, Units = stored.TotalUnits, Nanos = stored.TotalNanos },
                Status = (OrderStatus)stored.Status,
                Revision = stored.Revision,
                Etag = stored.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                CreateTime = Timestamp.FromDateTimeOffset(stored.CreateTime),
                UpdateTime = Timestamp.FromDateTimeOffset(stored.UpdateTime),
            },
        };
    }
}
