using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>
/// Finds the token signing key: from configuration, or in Development from a key file in the
/// data directory, generated on first start. Never committed, never logged.
/// </summary>
internal static class SigningKeyLoader
{
    private const int MinimumBytes = 32;
    private const string KeyFileName = "signing-key";

    public static SymmetricSecurityKey Load(AuthOptions options, IHostEnvironment environment, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return new SymmetricSecurityKey(Decode(options.SigningKey));
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Auth:SigningKey is not set. Outside Development the host needs a signing key shared by every process " +
                "(base64 of at least 32 random bytes, e.g. from `openssl rand -base64 32`), " +
                "given as configuration Auth:SigningKey or environment Auth__SigningKey.");
        }

        var path = Path.Combine(dataDirectory, KeyFileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataDirectory);
            var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumBytes));
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                file.Write(Encoding.ASCII.GetBytes(generated));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process of the same data directory wrote it first: use theirs.
            }
        }

        return new SymmetricSecurityKey(Decode(File.ReadAllText(path).Trim()));
    }

    private static byte[] Decode(string key)
    {
        var bytes = TryBase64(key) ?? Encoding.UTF8.GetBytes(key);
        if (bytes.Length < MinimumBytes)
        {
            throw new InvalidOperationException($"Auth:SigningKey must hold at least {MinimumBytes} bytes.");
        }

        return bytes;
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written >= MinimumBytes ? buffer[..written] : null;
    }
}
