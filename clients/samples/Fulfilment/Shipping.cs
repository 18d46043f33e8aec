using Backend.Orders.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Fulfilment;

/// <summary>
/// Ships one paid order once its delay has passed. Safe to repeat: the platform moves only a PAID
/// order to SHIPPED, so a second attempt for the same order (after a crash before its cursor was
/// stored) is refused with FAILED_PRECONDITION and counts as done.
/// </summary>
internal sealed partial class Shipping
{
    private readonly OrderService.OrderServiceClient _orders;
    private readonly IOptions<FulfilmentOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<Shipping> _logger;
    private readonly ResiliencePipeline _retries;

    public Shipping(OrderService.OrderServiceClient orders, IOptions<FulfilmentOptions> options, TimeProvider timeProvider, ILogger<Shipping> logger)
    {
        (_orders, _options, _timeProvider, _logger) = (orders, options, timeProvider, logger);
        // Transient failures (the platform restarting, a deadline passed on a busy day) are tried
        // again with growing, jittered waits; anything else is a bug or a refusal to look at.
        _retries = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e =>
                    e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Internal),
                MaxRetryAttempts = 8,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args =>
                {
                    LogRetry(_logger, args.AttemptNumber + 1, args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public async Task ShipAsync(OrderEvent paid, CancellationToken cancellationToken)
    {
        var due = paid.EventTime.ToDateTimeOffset() + _options.Value.ShipDelay;
        var wait = due - _timeProvider.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _timeProvider, cancellationToken);
        }

        var shipped = await _retries.ExecuteAsync(async token =>
        {
            try
            {
                // The registration's default deadline (Fulfilment:CallDeadline) bounds each attempt.
                await _orders.UpdateOrderStatusAsync(
                    new UpdateOrderStatusRequest { OrderId = paid.OrderId, Status = OrderStatus.Shipped }, cancellationToken: token);
                return true;
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.FailedPrecondition)
            {
                // No longer PAID: shipped already, or refunded meanwhile.
                return false;
            }
        }, cancellationToken);

        if (shipped)
        {
            LogShipped(_logger, paid.OrderId);
        }
        else
        {
            LogAlreadyOnItsWay(_logger, paid.OrderId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shipped order {OrderId}")]
    private static partial void LogShipped(ILogger logger, string orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} is no longer waiting to ship; nothing to do")]
    private static partial void LogAlreadyOnItsWay(ILogger logger, string orderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shipping failed for a passing reason; attempt {Attempt} follows")]
    private static partial void LogRetry(ILogger logger, int attempt, Exception? error);
}
