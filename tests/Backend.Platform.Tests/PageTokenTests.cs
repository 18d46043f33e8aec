using Backend.Platform.Data;
using Backend.Platform.Errors;

namespace Backend.Platform.Tests;

public sealed class PageTokenTests
{
    [Fact]
    public void Decode_TokenOfSameQuery_GivesTheLastKey()
    {
        var token = PageToken.Encode("orders:u1", "0190abc");

        Assert.Equal("0190abc", PageToken.Decode(token, "orders:u1"));
    }

    [Fact]
    public void Decode_Empty_FirstPage()
    {
        Assert.Null(PageToken.Decode("", "orders:u1"));
    }

    [Theory]
    [InlineData("orders:u2")]
    [InlineData("users")]
    public void Decode_TokenOfAnotherQuery_InvalidArgumentOnPageToken(string otherQuery)
    {
        var token = PageToken.Encode("orders:u1", "0190abc");

        var error = Assert.Throws<DomainException>(() => PageToken.Decode(token, otherQuery));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("page_token", Assert.Single(error.Violations).Field);
    }

    [Theory]
    [InlineData("not base64 !")]
    [InlineData("AAAA")]
    public void Decode_Garbage_InvalidArgument(string token)
    {
        Assert.Throws<DomainException>(() => PageToken.Decode(token, "users"));
    }

    [Theory]
    [InlineData(0, 50)]
    [InlineData(7, 7)]
    [InlineData(1000, 1000)]
    [InlineData(1001, 1000)]
    [InlineData(int.MaxValue, 1000)]
    public void Size_Requested_DefaultedAndCapped(int requested, int expected) =>
        Assert.Equal(expected, PageToken.Size(requested));
}
