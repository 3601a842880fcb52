using Microsoft.EntityFrameworkCore;
using StoreAlerts.ServiceDefaults.Background;

namespace StoreAlerts.Alert.Alerts;

/// <summary>
/// Applies the EF Core migrations at start-up, retrying while PostgreSQL is not reachable yet;
/// the consumer and the dispatcher wait for <see cref="Ready"/> before they touch the database.
/// </summary>
public sealed class DatabaseMigrator(IServiceScopeFactory scopes, ILogger<DatabaseMigrator> logger) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        for (var failures = 1; ; failures++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AlertDbContext>().Database.MigrateAsync(stoppingToken);
                _ready.TrySetResult();
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = backoff.Delay(failures);
                logger.LogWarning(e, "Migrating the alert database failed; retrying in {Delay}", delay);
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                _ready.TrySetCanceled(stoppingToken);
                return;
            }
        }
    }
}
