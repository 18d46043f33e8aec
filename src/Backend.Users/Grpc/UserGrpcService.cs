using Backend.Users.V1;

namespace Backend.Users.Grpc;

/// <summary>
/// The gRPC face of UserService. Methods not overridden here answer UNIMPLEMENTED.
/// </summary>
internal sealed class UserGrpcService : UserService.UserServiceBase;
