using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Health.V1;

namespace Backend.EndToEndTests;

public sealed class TlsTests
{
    [Fact]
    public async Task Start_WithCertificateFromConfiguration_ServesGrpcOverTls()
    {
        var certificate = Path.Combine(Path.GetTempPath(), $"backend-e2e-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(certificate, selfSigned.Export(X509ContentType.Pfx, "pfx password"));
        }

        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["Kestrel__Certificates__Default__Path"] = certificate,
            ["Kestrel__Certificates__Default__Password"] = "pfx password",
        }, scheme: "https");

        var response = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest { Service = "backend.orders.v1.OrderService" });

        Assert.Equal("https", host.Address.Scheme);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }
}
