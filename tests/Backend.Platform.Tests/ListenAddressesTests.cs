using Backend.Platform.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Backend.Platform.Tests;

public sealed class ListenAddressesTests
{
    [Fact]
    public void From_NothingConfigured_GrpcOn5000AndWebCallersOn5080()
    {
        var addresses = ListenAddresses.From(Configuration(), metricsPort: null);

        Assert.Equal("http://localhost:5000", addresses.GrpcUrls);
        Assert.Equal("http://localhost:5080", addresses.HttpUrls);
        Assert.Equal(HttpProtocols.Http2, addresses.ProtocolsOf(5000));
        Assert.Equal(HttpProtocols.Http1, addresses.ProtocolsOf(5080));
    }

    [Fact]
    public void From_UrlsGivenWithoutHttpUrls_NoSecondAddress()
    {
        var addresses = ListenAddresses.From(Configuration(("urls", "http://127.0.0.1:6000")), metricsPort: null);

        Assert.Equal("http://127.0.0.1:6000", addresses.GrpcUrls);
        Assert.Null(addresses.HttpUrls);
        Assert.Equal(HttpProtocols.Http2, addresses.ProtocolsOf(6000));
    }

    [Fact]
    public void From_HttpUrlsEmpty_SecondAddressOff()
    {
        var addresses = ListenAddresses.From(Configuration(("Http:Urls", "")), metricsPort: null);

        Assert.True(string.IsNullOrEmpty(addresses.HttpUrls));
        Assert.Equal(HttpProtocols.Http2, addresses.ProtocolsOf(5080));
    }

    [Fact]
    public void ProtocolsOf_WildcardHttpUrlAndMetrics_Http1()
    {
        var addresses = ListenAddresses.From(Configuration(("urls", "http://+:5000"), ("Http:Urls", "http://+:5080")), metricsPort: 9090);

        Assert.Equal(HttpProtocols.Http2, addresses.ProtocolsOf(5000));
        Assert.Equal(HttpProtocols.Http1, addresses.ProtocolsOf(5080));
        Assert.Equal(HttpProtocols.Http1, addresses.ProtocolsOf(9090));
    }

    [Fact]
    public void ProtocolsOf_TlsAddress_BothByAlpn()
    {
        var addresses = ListenAddresses.From(Configuration(("urls", "https://localhost:5001")), metricsPort: null);

        Assert.Equal(HttpProtocols.Http1AndHttp2, addresses.ProtocolsOf(5001));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
