using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;

namespace Backend.Platform.Identity;

/// <summary>
/// Finds the issuer's keys: from configuration (PEM text or a file path), or in Development from
/// a key file in the data directory, generated on first start. Never committed, never logged.
/// </summary>
internal static class SigningKeyLoader
{
    private const string KeyFileName = "signing-key.pem";
    private const int MinimumRsaBits = 2048;

    public static SigningKeys Load(AuthOptions options, IHostEnvironment environment, string dataDirectory)
    {
        var current = Configured(options) ?? Generated(environment, dataDirectory);
        return new SigningKeys(current, options.RetiredKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => Parse(ReadPem(k), "Auth:RetiredKeys")));
    }

    private static AsymmetricAlgorithm? Configured(AuthOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return Parse(options.SigningKey, "Auth:SigningKey");
        }

        return string.IsNullOrWhiteSpace(options.SigningKeyFile) ? null : Parse(File.ReadAllText(options.SigningKeyFile), "Auth:SigningKeyFile");
    }

    private static AsymmetricAlgorithm Generated(IHostEnvironment environment, string dataDirectory)
    {
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Auth:SigningKey is not set. Outside Development the process that hosts UserService needs a private signing key " +
                "(an EC P-256 key, e.g. from `openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt`), " +
                "given as PEM text in Auth:SigningKey or as a file path in Auth:SigningKeyFile.");
        }

        var path = Path.Combine(dataDirectory, KeyFileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataDirectory);
            using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(file);
                writer.Write(generated.ExportPkcs8PrivateKeyPem());
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

        return Parse(File.ReadAllText(path), path);
    }

    private static string ReadPem(string value) => value.Contains("-----BEGIN", StringComparison.Ordinal) ? value : File.ReadAllText(value);

    private static AsymmetricAlgorithm Parse(string pem, string source)
    {
        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{source} must be a PEM private key (-----BEGIN PRIVATE KEY----- or EC/RSA PRIVATE KEY).");
        }

        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            if (ec.KeySize != 256)
            {
                throw new InvalidOperationException($"{source} is an EC key on a curve other than P-256; ES256 needs P-256.");
            }

            return ec;
        }
        catch (ArgumentException)
        {
            ec.Dispose();
        }
        catch (CryptographicException)
        {
            ec.Dispose();
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new InvalidOperationException($"{source} holds no EC P-256 or RSA private key the platform can read.", error);
        }

        var bits = rsa.KeySize;
        if (bits < MinimumRsaBits)
        {
            rsa.Dispose();
            throw new InvalidOperationException($"{source} is an RSA key of {bits} bits; at least {MinimumRsaBits} are needed.");
        }

        return rsa;
    }
}
