using Backend.Orders.Domain;
using Backend.Platform.Errors;

namespace Backend.Orders.Tests;

public sealed class OrderStateMachineTests
{
    private static readonly OrderStatus[] Statuses =
        [OrderStatus.PendingPayment, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Cancelled, OrderStatus.Refunded];

    [Fact]
    public void Moves_EveryPair_OnlyTheLegalOnesAllowed()
    {
        var legal = new HashSet<(OrderStatus, OrderStatus)>
        {
            (OrderStatus.PendingPayment, OrderStatus.Paid),
            (OrderStatus.PendingPayment, OrderStatus.Cancelled),
            (OrderStatus.Paid, OrderStatus.Shipped),
            (OrderStatus.Shipped, OrderStatus.Delivered),
            (OrderStatus.Paid, OrderStatus.Refunded),
            (OrderStatus.Shipped, OrderStatus.Refunded),
            (OrderStatus.Delivered, OrderStatus.Refunded),
        };

        foreach (var from in Statuses)
        {
            foreach (var to in new[] { OrderStatus.Paid, OrderStatus.Cancelled, OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Refunded })
            {
                var allowed = TryMove(from, to);
                Assert.True(allowed == legal.Contains((from, to)), $"{from} -> {to}: {(allowed ? "allowed" : "refused")}");
            }
        }
    }

    [Fact]
    public void Refusal_NamesTheRuleAndBothStatuses()
    {
        var error = Assert.Throws<DomainException>(() => OrderStateMachine.Cancel(OrderStatus.Shipped));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal(OrderStateMachine.CancelRequiresPendingPayment, error.Reason);
        Assert.Equal("ORDER_STATUS_SHIPPED", error.Metadata["from"]);
        Assert.Equal("ORDER_STATUS_CANCELLED", error.Metadata["to"]);
    }

    [Theory]
    [InlineData(OrderStatus.Delivered, true)]
    [InlineData(OrderStatus.Cancelled, true)]
    [InlineData(OrderStatus.Refunded, true)]
    [InlineData(OrderStatus.PendingPayment, false)]
    [InlineData(OrderStatus.Paid, false)]
    [InlineData(OrderStatus.Shipped, false)]
    public void IsTerminal_PerStatus(OrderStatus status, bool terminal) =>
        Assert.Equal(terminal, OrderStateMachine.IsTerminal(status));

    private static bool TryMove(OrderStatus from, OrderStatus to)
    {
        try
        {
            var result = to switch
            {
                OrderStatus.Paid => OrderStateMachine.Pay(from),
                OrderStatus.Cancelled => OrderStateMachine.Cancel(from),
                OrderStatus.Refunded => OrderStateMachine.Refund(from),
                _ => OrderStateMachine.Fulfil(from, to),
            };
            Assert.Equal(to, result);
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }
}
