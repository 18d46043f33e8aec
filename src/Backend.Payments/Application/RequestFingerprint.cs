using System.Security.Cryptography;
using System.Text;

namespace Backend.Payments.Application;

/// <summary>What makes two requests under one idempotency key the same request.</summary>
internal static class RequestFingerprint
{
    public static string Of(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))));
}
