using Backend.Host;
using Backend.Orders;
using Backend.Payments;
using Backend.Platform.Hosting;
using Backend.Users;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformDefaults().AddUsers().AddOrders().AddPayments().AddInProcessSettlement();

var app = builder.Build();
app.MapPlatformDefaults().MapUsers().MapOrders().MapPayments();
app.Run();

/// <summary>The entry point, visible to the in-memory test host.</summary>
public partial class Program;
