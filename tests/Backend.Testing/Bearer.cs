using Grpc.Core;

namespace Backend.Testing;

public static class Bearer
{
    public static Metadata Headers(string token) => new() { { "authorization", "Bearer " + token } };
}
