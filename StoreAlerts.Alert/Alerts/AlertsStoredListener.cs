using Microsoft.EntityFrameworkCore;
using Npgsql;
using StoreAlerts.ServiceDefaults.Background;

namespace StoreAlerts.Alert.Alerts;

/// <summary>
/// Listens on <see cref="AlertsStoredChannel"/>: whichever replica stored an alert, this one's live stream shows it and
/// its email dispatcher wakes. A lost connection is re-opened with backoff; alerts stored meanwhile are not streamed
/// (the page's list still has them) and are emailed on the dispatcher's next poll.
/// </summary>
public sealed class AlertsStoredListener(
    IConfiguration configuration,
    IServiceScopeFactory scopes,
    AlertBroadcaster broadcaster,
    WakeUpSignal dispatch,
    DatabaseMigrator database,
    ILogger<AlertsStoredListener> logger) : BackgroundService
{
    private readonly Backoff _backoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.Ready.WaitAsync(stoppingToken);
            for (var failures = 0; !stoppingToken.IsCancellationRequested;)
            {
                try
                {
                    await ListenAsync(() => failures = 0, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    failures++;
                    var delay = _backoff.Delay(failures);
                    logger.LogWarning("Listening for stored alerts failed ({Reason}); listening again in {Delay}", e.Message, delay);
                    await Task.Delay(delay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(Action connected, CancellationToken stoppingToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(AlertsExtensions.DatabaseConnectionName))
        {
            // A dedicated, long-lived connection: pooling it would hand its LISTEN to someone else.
            Pooling = false,
            KeepAlive = 15,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        var stored = System.Threading.Channels.Channel.CreateUnbounded<string>(new() { SingleReader = true });
        connection.Notification += (_, e) => stored.Writer.TryWrite(e.Payload);
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {AlertsStoredChannel.Name}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        connected();
        using var pump = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var publishing = PublishAsync(stored.Reader, pump.Token);
        try
        {
            while (true)
            {
                await connection.WaitAsync(stoppingToken);
            }
        }
        finally
        {
            stored.Writer.TryComplete();
            await publishing.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task PublishAsync(System.Threading.Channels.ChannelReader<string> stored, CancellationToken cancellationToken)
    {
        await foreach (var payload in stored.ReadAllAsync(cancellationToken))
        {
            dispatch.Notify();
            try
            {
                var ids = AlertsStoredChannel.ParseIds(payload);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AlertDbContext>();
                var alerts = await db.StoreAlerts.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync(cancellationToken);
                broadcaster.Publish(alerts);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not read stored alerts for the live stream");
            }
        }
    }
}
