using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace Backend.Testing;

/// <summary>Assertions on failed calls as a caller sees them: status code and rich details.</summary>
public static class GrpcAssert
{
    /// <summary>
    /// Asserts the call fails with <paramref name="code"/> and carries a google.rpc.Status with an
    /// ErrorInfo of domain <c>backend</c> (and, when given, <paramref name="reason"/>).
    /// </summary>
    public static async Task<RpcFailure> FailsAsync(StatusCode code, Func<Task> call, string? reason = null)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(code == error.StatusCode, $"Expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        var status = error.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)code, status.Code);
        var info = status.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("backend", info.Domain);
        Assert.Matches("^[A-Z][A-Z0-9_]*$", info.Reason);
        if (reason is not null)
        {
            Assert.Equal(reason, info.Reason);
        }

        return new RpcFailure(error, info, status.GetDetail<BadRequest>());
    }

    public static Task<RpcFailure> FailsAsync<T>(StatusCode code, Func<AsyncUnaryCall<T>> call, string? reason = null) =>
        FailsAsync(code, async () => await call(), reason);
}

/// <summary>A failed call and its details.</summary>
public sealed record RpcFailure(RpcException Exception, ErrorInfo Info, BadRequest? BadRequest)
{
    public IReadOnlyList<string> ViolatedFields => BadRequest?.FieldViolations.Select(v => v.Field).ToList() ?? [];
}
