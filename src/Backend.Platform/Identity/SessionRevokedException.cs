using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>The token is well formed and signed, but its session was ended.</summary>
public sealed class SessionRevokedException(string message) : SecurityTokenValidationException(message);
