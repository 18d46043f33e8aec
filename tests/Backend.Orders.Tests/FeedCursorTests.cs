using Backend.Orders.Feed;
using Backend.Platform.Errors;

namespace Backend.Orders.Tests;

public sealed class FeedCursorTests
{
    [Fact]
    public void Decode_EncodedCursor_SamePosition()
    {
        var cursor = new FeedCursor(9_000_000_123, 42);

        Assert.Equal(cursor, FeedCursor.Decode(cursor.Encode()));
    }

    [Fact]
    public void Decode_Empty_NoPosition() => Assert.Null(FeedCursor.Decode(""));

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("YzE6MTI=")]
    [InlineData("YzI6MToy")]
    [InlineData("YzE6LTE6Mg")]
    public void Decode_Malformed_InvalidArgumentNamingTheField(string text)
    {
        var error = Assert.Throws<DomainException>(() => FeedCursor.Decode(text));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("after_cursor", error.Violations.Single().Field);
    }

    [Fact]
    public void IsBefore_OrdersByTransactionThenEntry()
    {
        Assert.True(new FeedCursor(1, 9).IsBefore(new FeedCursor(2, 1)));
        Assert.True(new FeedCursor(2, 1).IsBefore(new FeedCursor(2, 2)));
        Assert.False(new FeedCursor(2, 2).IsBefore(new FeedCursor(2, 2)));
        Assert.False(new FeedCursor(3, 1).IsBefore(new FeedCursor(2, 9)));
    }

    [Fact]
    public async Task FeedSignal_PulseAfterTakingNext_WakesTheWaiter()
    {
        var signal = new FeedSignal();
        var next = signal.Next;

        signal.Pulse();

        await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(signal.Next.IsCompleted);
    }
}
