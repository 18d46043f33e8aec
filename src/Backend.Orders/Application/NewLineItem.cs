using Backend.Platform.Domain;

namespace Backend.Orders.Application;

/// <summary>A line of an order to be placed, already checked for shape; without a price when the caller left it to the price list.</summary>
public sealed record NewLineItem(string Sku, int Quantity, Money? UnitPrice);
