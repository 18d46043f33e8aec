namespace Backend.Users.Domain;

public enum UserRole
{
    User = 1,
    Admin = 2,
    Service = 3,
}
