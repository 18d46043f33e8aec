using Backend.Orders.Domain;

namespace Backend.Orders.Application;

public sealed record OrderPage(IReadOnlyList<Order> Orders, string NextPageToken);
