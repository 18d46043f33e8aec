namespace Backend.Users;

internal static class UsersModule
{
    /// <summary>The short name: in Host:Services, the SQLite file name, the PostgreSQL schema.</summary>
    public const string Name = "users";

    public static readonly string ServiceName = V1.UserService.Descriptor.FullName;
}
