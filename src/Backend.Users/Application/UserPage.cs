using Backend.Users.Domain;

namespace Backend.Users.Application;

public sealed record UserPage(IReadOnlyList<User> Users, string NextPageToken);
