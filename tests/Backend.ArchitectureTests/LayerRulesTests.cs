using NetArchTest.Rules;

namespace Backend.ArchitectureTests;

/// <summary>
/// Inside a service: the domain is plain C# (no gRPC, protobuf or EF Core types), and the gRPC
/// service classes reach data only through the application layer.
/// </summary>
public sealed class LayerRulesTests
{
    private static readonly string[] TransportAndStorage = ["Grpc", "Google.Protobuf", "Microsoft.EntityFrameworkCore", "Npgsql", "Microsoft.Data.Sqlite"];

    [Theory]
    [MemberData(nameof(Layers.ServiceNames), MemberType = typeof(Layers))]
    public void Domain_OfService_UsesNeitherGrpcNorEfCore(string service)
    {
        var domain = Types.InAssembly(Layers.Services[service]).That().ResideInNamespace($"Backend.{service}.Domain");

        var result = domain.ShouldNot().HaveDependencyOnAny([.. TransportAndStorage, $"Backend.{service}.V1"]).GetResult();

        Assert.NotEmpty(domain.GetTypes());
        Assert.True(result.IsSuccessful, DependencyDirectionTests.Failing(result));
    }

    [Fact]
    public void Domain_OfPlatform_UsesNeitherGrpcNorEfCore()
    {
        var domain = Types.InAssembly(Layers.Platform).That().ResideInNamespace("Backend.Platform.Domain");

        var result = domain.ShouldNot().HaveDependencyOnAny(TransportAndStorage).GetResult();

        Assert.NotEmpty(domain.GetTypes());
        Assert.True(result.IsSuccessful, DependencyDirectionTests.Failing(result));
    }

    [Theory]
    [MemberData(nameof(Layers.ServiceNames), MemberType = typeof(Layers))]
    public void GrpcServiceClasses_OfService_UseNoDataOrOutboxTypes(string service)
    {
        var grpc = Types.InAssembly(Layers.Services[service]).That().ResideInNamespace($"Backend.{service}.Grpc");

        var result = grpc.ShouldNot().HaveDependencyOnAny(
        [
            $"Backend.{service}.Data",
            $"Backend.{service}.Outbox",
            "Backend.Payments.Domain.OutboxMessage",
            "Backend.Platform.Data.ServiceDatabase",
            "Backend.Platform.Data.ServiceDbContext",
            "Microsoft.EntityFrameworkCore",
        ]).GetResult();

        Assert.NotEmpty(grpc.GetTypes());
        Assert.True(result.IsSuccessful, DependencyDirectionTests.Failing(result));
    }
}
