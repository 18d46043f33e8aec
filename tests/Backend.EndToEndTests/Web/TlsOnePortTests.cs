using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Health.V1;

namespace Backend.EndToEndTests.Web;

/// <summary>With TLS, one port serves gRPC over HTTP/2 and REST over HTTP/1.1, told apart by ALPN.</summary>
public sealed class TlsOnePortTests
{
    [Fact]
    public async Task Start_WithCertificate_ServesGrpcAndRestOnOnePort()
    {
        var certificate = Path.Combine(Path.GetTempPath(), $"backend-e2e-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var certificateRequest = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            certificateRequest.CertificateExtensions.Add(names.Build());
            using var selfSigned = certificateRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(certificate, selfSigned.Export(X509ContentType.Pfx, "pfx password"));
        }

        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["Kestrel__Certificates__Default__Path"] = certificate,
            ["Kestrel__Certificates__Default__Password"] = "pfx password",
        }, scheme: "https");
        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } });

        var health = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.Address, "/openapi/v1.json"))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var openApi = await http.SendAsync(request);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Equal(HttpVersion.Version11, openApi.Version);
    }
}
