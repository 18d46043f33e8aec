namespace Backend.Orders.Application;

/// <summary>A line of an order to be placed, already checked for shape.</summary>
public sealed record NewLineItem(string Sku, int Quantity, string CurrencyCode, long UnitPriceUnits, int UnitPriceNanos);
