using Google.Protobuf.Reflection;
using Google.Rpc;

namespace Backend.Platform.Web;

/// <summary>
/// The message types an error's <c>google.rpc.Status.details</c> may hold. JSON names each
/// detail by its type, so a formatter must know them: without this registry, an error with
/// details cannot be written as JSON at all.
/// </summary>
internal static class StatusDetailTypes
{
    public static TypeRegistry Registry { get; } = TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor);
}
