using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Reflection.V1;

namespace Backend.Testing;

/// <summary>
/// Asks a server what grpcurl asks it, over the v1 reflection protocol: which services it has
/// and the file descriptors that define a symbol.
/// </summary>
public sealed class ReflectionProbe(CallInvoker invoker)
{
    private readonly ServerReflection.ServerReflectionClient _client = new(invoker);

    public async Task<IReadOnlyList<string>> ListServicesAsync(CancellationToken cancellationToken = default)
    {
        var response = await AskAsync(new ServerReflectionRequest { ListServices = "" }, cancellationToken);
        return response.ListServicesResponse.Service.Select(s => s.Name).ToList();
    }

    /// <summary>The descriptors of the file defining <paramref name="symbol"/> and of its imports.</summary>
    public async Task<IReadOnlyList<FileDescriptorProto>> FilesContainingSymbolAsync(
        string symbol, CancellationToken cancellationToken = default)
    {
        var response = await AskAsync(new ServerReflectionRequest { FileContainingSymbol = symbol }, cancellationToken);
        if (response.MessageResponseCase == ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse)
        {
            throw new InvalidOperationException(
                $"Reflection does not know {symbol}: {response.ErrorResponse.ErrorMessage}");
        }

        return response.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => FileDescriptorProto.Parser.ParseFrom(bytes))
            .ToList();
    }

    /// <summary>
    /// The comment that leads a service, or one of its methods, in the descriptors the server
    /// sends: what <c>grpcurl describe</c> prints above it.
    /// </summary>
    public async Task<string?> CommentOfAsync(string serviceFullName, string? method = null, CancellationToken cancellationToken = default)
    {
        var files = await FilesContainingSymbolAsync(serviceFullName, cancellationToken);
        foreach (var file in files)
        {
            for (var s = 0; s < file.Service.Count; s++)
            {
                var service = file.Service[s];
                if (QualifiedName(file, service.Name) != serviceFullName)
                {
                    continue;
                }

                int[] path = method is null
                    ? [ServiceFieldNumber, s]
                    : [ServiceFieldNumber, s, MethodFieldNumber, service.Method.ToList().FindIndex(m => m.Name == method)];
                return file.SourceCodeInfo?.Location.FirstOrDefault(l => l.Path.SequenceEqual(path))?.LeadingComments;
            }
        }

        return null;
    }

    private const int ServiceFieldNumber = 6;
    private const int MethodFieldNumber = 2;

    private static string QualifiedName(FileDescriptorProto file, string name) =>
        string.IsNullOrEmpty(file.Package) ? name : file.Package + "." + name;

    private async Task<ServerReflectionResponse> AskAsync(ServerReflectionRequest request, CancellationToken cancellationToken)
    {
        using var call = _client.ServerReflectionInfo(cancellationToken: cancellationToken);
        try
        {
            await call.RequestStream.WriteAsync(request, cancellationToken);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception error) when (error is RpcException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // The server may end the call before reading the request (e.g. UNIMPLEMENTED when
            // reflection is off); its status is read below.
        }

        if (!await call.ResponseStream.MoveNext(cancellationToken))
        {
            throw new InvalidOperationException("The reflection stream ended without an answer.");
        }

        return call.ResponseStream.Current;
    }
}
