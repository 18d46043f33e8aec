using Backend.Orders.V1;

namespace Backend.LoadTool;

/// <summary>The read scenarios that compare with the bare reference host or with a grown database.</summary>
internal sealed partial class LoadSession
{
    private const int ListPageSize = 50;
    private LoadSession? _reference;
    private bool _listSeeded;

    /// <summary>
    /// GetOrder on a fixed schedule (<c>--rate</c>, 5,000/s unless given) against the platform,
    /// then, with <c>--reference-address</c>, the reference host's GetOrder at the same rate.
    /// </summary>
    private async Task<IReadOnlyList<ScenarioResult>> GetOrderRateAsync(Action<string> progress)
    {
        var rate = options.Rate ?? 5000;
        var results = new List<ScenarioResult>
        {
            await new LoadSession(options with { Rate = rate }, channels, connections, headers, userId).GetOrderAsync("get-order-rate", progress),
        };
        if (options.ReferenceAddress is not null)
        {
            results.Add(await (await ReferenceAsync()).BareGetOrderAsync(rate, progress));
        }

        return results;
    }

    /// <summary>The reference host's GetOrder on a fixed schedule (it answers any well-formed id).</summary>
    private Task<ScenarioResult> BareGetOrderAsync(double rate, Action<string> progress) =>
        new LoadSession(options with { Rate = rate }, channels, connections, headers, userId).RequestsAsync(
            "reference-get-order-rate",
            Authorized(OrderService.Descriptor, "GetOrder"),
            Always(new GetOrderRequest { OrderId = Guid.CreateVersion7().ToString("N") }),
            progress);

    /// <summary>The session to the reference host; it serves no users, so the token is a placeholder it ignores.</summary>
    private async Task<LoadSession> ReferenceAsync()
    {
        var address = options.ReferenceAddress ?? throw new ArgumentException("reference scenarios need --reference-address");
        var subject = System.Buffers.Text.Base64Url.EncodeToString("{\"sub\":\"reference\"}"u8);
        return _reference ??= await OpenAsync(options with { Address = address, Token = $"reference.{subject}.unsigned", ReferenceAddress = null, ServerPid = options.ReferencePid });
    }

    /// <summary>
    /// The stored reference's GetOrder in a closed loop, as <c>get-order</c> measures the
    /// platform's: one order of the reference's seeded owner, with a token the reference accepts.
    /// </summary>
    private async Task<ScenarioResult> StoredReferenceGetOrderAsync(string scenario, Action<string> progress)
    {
        var address = options.StoredReferenceAddress ?? throw new ArgumentException($"{scenario} needs --stored-reference-address");
        var token = options.StoredReferenceToken ?? throw new ArgumentException($"{scenario} needs --stored-reference-token");
        var stored = await OpenAsync(options with { Address = address, Token = token, ReferenceAddress = null, ServerPid = options.ReferencePid });
        return await stored.RequestsAsync(scenario, stored.Authorized(OrderService.Descriptor, "GetOrder"), Always(new GetOrderRequest { OrderId = "ref-00000001" }), progress);
    }

    /// <summary>The first page (50) of the signed-in user's orders, newest first.</summary>
    private async Task<ScenarioResult> ListOrdersAsync(string scenario, Action<string> progress)
    {
        if (!_listSeeded)
        {
            // At least a full page to read, whatever ran before.
            var client = new OrderService.OrderServiceClient(channels[0]);
            await Parallel.ForEachAsync(Enumerable.Range(0, ListPageSize + 1), async (_, cancellationToken) =>
                await client.CreateOrderAsync(NewOrder(), headers, cancellationToken: cancellationToken));
            _listSeeded = true;
        }

        var request = new ListOrdersRequest { UserId = userId, PageSize = ListPageSize };
        return await RequestsAsync(scenario, Authorized(OrderService.Descriptor, "ListOrders"), Always(request), progress);
    }

    /// <summary>
    /// Places <c>--seed-orders</c> orders for the signed-in user as fast as they are taken, to
    /// grow the database before <c>get-order-grown</c> and <c>list-orders-grown</c>.
    /// </summary>
    private async Task<ScenarioResult> SeedOrdersAsync(Action<string> progress)
    {
        long left = options.SeedOrders;
        ReadOnlyMemory<byte> framed = Wire.WireCall.Frame(NewOrder());
        var seeding = new LoadSession(options with { Warmup = TimeSpan.Zero, Duration = TimeSpan.FromHours(2) }, channels, connections, headers, userId);
        return await seeding.RequestsAsync("seed-orders", Authorized(OrderService.Descriptor, "CreateOrder"),
            () => Interlocked.Decrement(ref left) >= 0 ? framed : (ReadOnlyMemory<byte>?)null, progress);
    }
}
