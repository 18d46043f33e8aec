using Backend.Platform.Data;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Backend.Users.Data;
using Backend.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Backend.Users.Application;

/// <summary>
/// What can be done with user accounts, and by whom. Callers pass requests already checked for
/// shape by the validators; this enforces ownership, roles, uniqueness and versions. Each call
/// is one unit of work on a context of its own, rented for the call (as every service does).
/// </summary>
internal sealed class UserAccounts(ServiceDatabase<UsersDbContext> database, PasswordHashing hashing, CredentialCheck credentials, UserSessions sessions, TimeProvider timeProvider)
{
    private const string Resource = "user";

    public async Task<User> CreateAsync(string email, string displayName, string password, UserRole role, Caller? caller, CancellationToken cancellationToken)
    {
        if (role != UserRole.User && caller?.IsAdmin != true)
        {
            throw DomainException.PermissionDenied("ROLE_REQUIRES_ADMIN", $"Only an admin can create a user with role {role}.");
        }

        var now = timeProvider.Now();
        var user = new User
        {
            Id = ResourceIds.New(timeProvider),
            Email = EmailAddress.Normalize(email),
            DisplayName = UserRules.NormalizeDisplayName(displayName),
            Role = role,
            PasswordHash = "",
            CreateTime = now,
            UpdateTime = now,
        };
        user.PasswordHash = await hashing.HashAsync(user, password, cancellationToken);
        await using var lease = database.Open();
        lease.Db.Users.Add(user);
        await SaveAsync(lease.Db, user.Email, cancellationToken);
        return user;
    }

    public async Task<(User User, SessionTokens Session)> AuthenticateAsync(string email, string password, CancellationToken cancellationToken)
    {
        var user = await credentials.VerifyAsync(email, password, cancellationToken);
        return (user, await sessions.StartAsync(user, cancellationToken));
    }

    public async Task<User> GetAsync(string userId, Caller caller, CancellationToken cancellationToken)
    {
        // Someone else's user is reported exactly like a missing one.
        await using var lease = database.Open();
        var user = caller.CanRead(userId) ? await lease.Db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken) : null;
        return user ?? throw DomainException.NotFound(Resource, userId);
    }

    public async Task<UserPage> ListAsync(int pageSize, string pageToken, CancellationToken cancellationToken)
    {
        const string Query = "users";
        var size = PageToken.Size(pageSize);
        var after = PageToken.Decode(pageToken, Query);
        await using var lease = database.Open();
        var query = lease.Db.Users.AsNoTracking();
        if (after is not null)
        {
            query = query.Where(u => string.Compare(u.Id, after) > 0);
        }

        var users = await query.OrderBy(u => u.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = users.Count > size ? PageToken.Encode(Query, users[size - 1].Id) : "";
        return new UserPage(users.Take(size).ToList(), next);
    }

    public async Task<User> UpdateAsync(
        string userId, string etag, UserChanges changes, string currentPassword, Caller caller, CancellationToken cancellationToken)
    {
        if (changes.Role is not null && !caller.IsAdmin)
        {
            throw DomainException.PermissionDenied("ROLE_REQUIRES_ADMIN", "Only an admin can change a user's role.");
        }

        await using var lease = database.Open();
        var db = lease.Db;
        var user = await FindForChangeAsync(db, userId, etag, caller, cancellationToken);
        if (changes.Email is not null && !caller.IsAdmin)
        {
            await RequireCurrentPasswordAsync(user, currentPassword, "current_password", cancellationToken);
        }

        IReadOnlyList<Revocation> ended = [];
        if (changes.Role is { } newRole && newRole != user.Role)
        {
            // Tokens carry the role: none issued before the change may be used after it.
            ended = await sessions.EndAllAsync(db, user.Id, keepSessionId: null, cancellationToken);
        }

        if (changes.Email is not null)
        {
            user.Email = EmailAddress.Normalize(changes.Email);
        }

        if (changes.DisplayName is not null)
        {
            user.DisplayName = UserRules.NormalizeDisplayName(changes.DisplayName);
        }

        if (changes.Role is { } role)
        {
            user.Role = role;
        }

        user.UpdateTime = timeProvider.Now();
        user.Version++;
        await SaveAsync(db, user.Email, cancellationToken);
        sessions.Publish(ended);
        return user;
    }

    public async Task DeleteAsync(string userId, string etag, Caller caller, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var user = await FindForChangeAsync(lease.Db, userId, etag, caller, cancellationToken);
        var ended = await sessions.EndAllAsync(lease.Db, user.Id, keepSessionId: null, cancellationToken);
        lease.Db.Users.Remove(user);
        await SaveAsync(lease.Db, user.Email, cancellationToken);
        sessions.Publish(ended);
    }

    /// <summary>Sets a new password and ends every other session of the user.</summary>
    public async Task ChangePasswordAsync(string userId, string currentPassword, string newPassword, Caller caller, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var db = lease.Db;
        var user = await FindForChangeAsync(db, userId, etag: "", caller, cancellationToken);
        if (!caller.IsAdmin)
        {
            await RequireCurrentPasswordAsync(user, currentPassword, "current_password", cancellationToken);
        }

        var ended = await sessions.EndAllAsync(db, user.Id, keepSessionId: caller.UserId == user.Id ? caller.SessionId : null, cancellationToken);
        user.PasswordHash = await hashing.HashAsync(user, newPassword, cancellationToken);
        user.UpdateTime = timeProvider.Now();
        user.Version++;
        await SaveAsync(db, user.Email, cancellationToken);
        sessions.Publish(ended);
    }

    /// <summary>Creates the configured first admin unless a user with that email exists.</summary>
    public async Task<bool> EnsureAdminAsync(string email, string displayName, string password, CancellationToken cancellationToken)
    {
        var normalized = EmailAddress.Normalize(email);
        await using (var lease = database.Open())
        {
            if (await lease.Db.Users.AnyAsync(u => u.Email == normalized, cancellationToken))
            {
                return false;
            }
        }

        try
        {
            await CreateAsync(email, displayName, password, UserRole.Admin, new Caller("bootstrap", PlatformRoles.Admin), cancellationToken);
            return true;
        }
        catch (DomainException error) when (error.Kind == ErrorKind.AlreadyExists)
        {
            // Another instance bootstrapped the same admin at the same moment.
            return false;
        }
    }

    public static string RoleName(UserRole role) => role switch
    {
        UserRole.Admin => PlatformRoles.Admin,
        UserRole.Service => PlatformRoles.Service,
        _ => PlatformRoles.User,
    };

    private static async Task<User> FindForChangeAsync(UsersDbContext db, string userId, string etag, Caller caller, CancellationToken cancellationToken)
    {
        var user = caller.CanActFor(userId) ? await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken) : null;
        if (user is null)
        {
            throw DomainException.NotFound(Resource, userId);
        }

        if (etag.Length > 0 && etag != user.Etag)
        {
            throw DomainException.StaleEtag(Resource);
        }

        return user;
    }

    private static async Task SaveAsync(UsersDbContext db, string email, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.StaleEtag(Resource);
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            throw new DomainException(ErrorKind.AlreadyExists, "EMAIL_TAKEN", $"A user with email '{email}' already exists.",
                metadata: new Dictionary<string, string> { ["email"] = email });
        }
    }

    private async Task RequireCurrentPasswordAsync(User user, string currentPassword, string field, CancellationToken cancellationToken)
    {
        if (currentPassword.Length == 0)
        {
            throw DomainException.Invalid(field, "is required to change the email or the password");
        }

        if (await hashing.VerifyAsync(user, currentPassword, cancellationToken) == PasswordVerificationResult.Failed)
        {
            throw new DomainException(ErrorKind.PermissionDenied, "WRONG_PASSWORD", "The current password is wrong.",
                [new FieldViolation(field, "is not the user's current password")]);
        }
    }
}
