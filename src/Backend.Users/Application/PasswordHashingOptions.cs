namespace Backend.Users.Application;

/// <summary>Configuration section <c>Users:PasswordHashing</c>: how much of the host password hashing may take.</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Users:PasswordHashing";

    /// <summary>Hashes computed at once; by default one per core. Zero or less means the default.</summary>
    public int MaxConcurrent { get; set; }

    /// <summary>
    /// Hashes that may wait for a free slot, by default four per core (a wait of a few hashes'
    /// time); beyond them calls are refused at once.
    /// </summary>
    public int? QueueLimit { get; set; }

    public int EffectiveMaxConcurrent => MaxConcurrent > 0 ? MaxConcurrent : Environment.ProcessorCount;

    public int EffectiveQueueLimit => QueueLimit is { } limit ? Math.Max(0, limit) : 4 * Environment.ProcessorCount;
}
