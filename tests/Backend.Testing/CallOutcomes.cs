using Grpc.Core;

namespace Backend.Testing;

/// <summary>The status each of a set of concurrent calls ended with, OK for those that succeeded.</summary>
public static class CallOutcomes
{
    public static async Task<StatusCode[]> OfAsync<T>(IEnumerable<Task<T>> calls) =>
        await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                await call;
                return StatusCode.OK;
            }
            catch (RpcException error)
            {
                return error.StatusCode;
            }
        }));
}
