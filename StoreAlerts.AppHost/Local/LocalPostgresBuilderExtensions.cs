using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace StoreAlerts.AppHost.Local;

public static class LocalPostgresBuilderExtensions
{
    /// <summary>
    /// Adds PostgreSQL run from the machine's binaries (as the <c>postgres</c> user when the AppHost runs as root, since
    /// the server refuses root). The data folder is created with initdb on first start and kept across runs.
    /// </summary>
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, string dataRoot, string binDirectory)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var server = Path.Combine(binDirectory, "postgres");
        var resource = new LocalPostgresServerResource(name, LocalTools.IsRoot ? "setpriv" : server, dataRoot, binDirectory, password);
        string[] runAsPostgres = LocalTools.IsRoot ? ["--reuid=postgres", "--regid=postgres", "--init-groups", server] : [];

        return builder.AddResource(resource)
            .WithArgs([.. runAsPostgres, "-D", resource.DataDirectory, "-k", resource.SocketDirectory, "-c", "listen_addresses=127.0.0.1"])
            // The server takes its port from PGPORT, which DCP fills with the port it allocated behind the proxy.
            .WithEndpoint(name: LocalPostgresServerResource.PrimaryEndpointName, scheme: "tcp", env: "PGPORT")
            .WithHealthCheck(builder.AddNpgsqlHealthCheck(resource, "postgres"))
            .WithIconName("Database")
            .OnBeforeResourceStarted(async (postgres, e, ct) =>
            {
                var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(postgres);
                await PostgresDataFolder.PrepareAsync(postgres, logger, ct);
                var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                _ = PostgresDataFolder.ProvisionWhenListeningAsync(postgres, logger, stopping);
            });
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(this IResourceBuilder<LocalPostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.Databases[name] = database.DatabaseName;
        return builder.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "PostgreSQL database", State = KnownResourceStates.NotStarted, Properties = [] })
            .WithHealthCheck(builder.ApplicationBuilder.AddNpgsqlHealthCheck(database))
            .WithIconName("Database")
            .OnInitializeResource((db, e, ct) =>
            {
                // Aspire mirrors a parent's state onto its children only for containers; this server is an executable.
                _ = MirrorParentStateAsync(db, e.Notifications, ct);
                return Task.CompletedTask;
            });
    }

    private static async Task MirrorParentStateAsync(LocalPostgresDatabaseResource database, ResourceNotificationService notifications, CancellationToken ct)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(ct))
            {
                if (update.Resource == database.Parent)
                {
                    await notifications.PublishUpdateAsync(database, s => s with
                    {
                        State = update.Snapshot.State,
                        StartTimeStamp = update.Snapshot.StartTimeStamp,
                        StopTimeStamp = update.Snapshot.StopTimeStamp,
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Healthy when a connection opens and answers; the connection string is read when checking, once endpoints exist.</summary>
    private static string AddNpgsqlHealthCheck(this IDistributedApplicationBuilder builder, IResourceWithConnectionString resource, string? database = null)
    {
        var key = $"{resource.Name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(key, async ct =>
        {
            try
            {
                var connectionString = await resource.GetConnectionStringAsync(ct) + (database is null ? "" : $";Database={database}");
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(ct);
                return HealthCheckResult.Healthy();
            }
            catch (NpgsqlException ex)
            {
                return HealthCheckResult.Unhealthy(ex.Message, ex);
            }
        });
        return key;
    }
}
