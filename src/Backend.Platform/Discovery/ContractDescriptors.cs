using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Backend.Platform.Discovery;

/// <summary>
/// The file descriptors of the whole contract as protoc compiled them with source info, so
/// that they carry the comments of every service, method, message and field.
/// </summary>
public sealed class ContractDescriptors
{
    private const string ResourceName = "backend-contract.binpb";

    public ContractDescriptors()
    {
        using var stream = typeof(ContractDescriptors).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded descriptor set '{ResourceName}' is missing.");
        var set = FileDescriptorSet.Parser.ParseFrom(stream);
        // protoc writes imports before the files that use them, the order the builder needs.
        Files = FileDescriptor.BuildFromByteStrings(set.File.Select(f => f.ToByteString()));
    }

    /// <summary>The contract's files and everything they import, dependencies first.</summary>
    public IReadOnlyList<FileDescriptor> Files { get; }
}
