using Backend.Platform.Data;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Backend.Users.Data;
using Backend.Users.Domain;
using Microsoft.EntityFrameworkCore;

namespace Backend.Users.Application;

/// <summary>
/// What can be done with user accounts, and by whom. Callers pass requests already checked for
/// shape by the validators; this enforces ownership, roles, uniqueness and versions.
/// </summary>
internal sealed class UserAccounts(UsersDbContext db, PasswordHashing hashing, CredentialCheck credentials, TokenIssuer tokens, TimeProvider timeProvider)
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
        db.Users.Add(user);
        await SaveAsync(user.Email, cancellationToken);
        return user;
    }

    public async Task<(User User, string Token, DateTimeOffset ExpiresAt)> AuthenticateAsync(string email, string password, CancellationToken cancellationToken)
    {
        var user = await credentials.VerifyAsync(email, password, cancellationToken);
        var (token, expiresAt) = tokens.Issue(user.Id, RoleName(user.Role));
        return (user, token, expiresAt);
    }

    public async Task<User> GetAsync(string userId, Caller caller, CancellationToken cancellationToken)
    {
        // Someone else's user is reported exactly like a missing one.
        var user = caller.CanRead(userId) ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken) : null;
        return user ?? throw DomainException.NotFound(Resource, userId);
    }

    public async Task<UserPage> ListAsync(int pageSize, string pageToken, CancellationToken cancellationToken)
    {
        const string Query = "users";
        var size = PageToken.Size(pageSize);
        var after = PageToken.Decode(pageToken, Query);
        var query = db.Users.AsNoTracking();
        if (after is not null)
        {
            query = query.Where(u => string.Compare(u.Id, after) > 0);
        }

        var users = await query.OrderBy(u => u.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = users.Count > size ? PageToken.Encode(Query, users[size - 1].Id) : "";
        return new UserPage(users.Take(size).ToList(), next);
    }

    public async Task<User> UpdateAsync(string userId, string etag, UserChanges changes, Caller caller, CancellationToken cancellationToken)
    {
        if (changes.Role is not null && !caller.IsAdmin)
        {
            throw DomainException.PermissionDenied("ROLE_REQUIRES_ADMIN", "Only an admin can change a user's role.");
        }

        var user = await FindForChangeAsync(userId, etag, caller, cancellationToken);
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
        await SaveAsync(user.Email, cancellationToken);
        return user;
    }

    public async Task DeleteAsync(string userId, string etag, Caller caller, CancellationToken cancellationToken)
    {
        var user = await FindForChangeAsync(userId, etag, caller, cancellationToken);
        db.Users.Remove(user);
        await SaveAsync(user.Email, cancellationToken);
    }

    /// <summary>Creates the configured first admin unless a user with that email exists.</summary>
    public async Task<bool> EnsureAdminAsync(string email, string displayName, string password, CancellationToken cancellationToken)
    {
        var normalized = EmailAddress.Normalize(email);
        if (await db.Users.AnyAsync(u => u.Email == normalized, cancellationToken))
        {
            return false;
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

    private async Task<User> FindForChangeAsync(string userId, string etag, Caller caller, CancellationToken cancellationToken)
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

    private async Task SaveAsync(string email, CancellationToken cancellationToken)
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
}
