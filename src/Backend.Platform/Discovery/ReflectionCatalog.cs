using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Reflection;
using Microsoft.AspNetCore.Routing;

namespace Backend.Platform.Discovery;

/// <summary>
/// What server reflection tells: the gRPC services this process maps, described by the
/// contract's descriptors (with comments) and the generated ones of health and reflection.
/// Built on first use, once every endpoint is mapped.
/// </summary>
internal sealed class ReflectionCatalog(EndpointDataSource endpoints, ContractDescriptors contract)
{
    private readonly Lazy<(IReadOnlyList<string> Services, SymbolRegistry Registry)> _catalog = new(() => Build(endpoints, contract));

    public IReadOnlyList<string> Services => _catalog.Value.Services;

    public SymbolRegistry Registry => _catalog.Value.Registry;

    private static (IReadOnlyList<string>, SymbolRegistry) Build(EndpointDataSource endpoints, ContractDescriptors contract)
    {
        var services = endpoints.Endpoints
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.ServiceName)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        IEnumerable<FileDescriptor> files =
        [
            .. contract.Files,
            Grpc.Health.V1.HealthReflection.Descriptor,
            Grpc.Reflection.V1.ReflectionReflection.Descriptor,
            Grpc.Reflection.V1Alpha.ReflectionReflection.Descriptor,
        ];
        return (services, SymbolRegistry.FromFiles(files));
    }
}
