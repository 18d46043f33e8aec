using Backend.Users.Domain;
using Google.Protobuf.WellKnownTypes;
using Proto = Backend.Users.V1;

namespace Backend.Users.Grpc;

internal static class UserMapper
{
    public static Proto.User ToProto(this User user) => new()
    {
        Id = user.Id,
        Email = user.Email,
        DisplayName = user.DisplayName,
        Role = user.Role.ToProto(),
        CreateTime = Timestamp.FromDateTimeOffset(user.CreateTime),
        UpdateTime = Timestamp.FromDateTimeOffset(user.UpdateTime),
        Etag = user.Etag,
    };

    public static Proto.Role ToProto(this UserRole role) => role switch
    {
        UserRole.Admin => Proto.Role.Admin,
        UserRole.Service => Proto.Role.Service,
        _ => Proto.Role.User,
    };

    /// <summary>The domain role; ROLE_UNSPECIFIED means a plain user (validators refuse unknown values first).</summary>
    public static UserRole ToDomain(this Proto.Role role) => role switch
    {
        Proto.Role.Admin => UserRole.Admin,
        Proto.Role.Service => UserRole.Service,
        _ => UserRole.User,
    };
}
