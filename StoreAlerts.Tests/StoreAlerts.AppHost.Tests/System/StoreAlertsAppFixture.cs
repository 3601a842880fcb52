using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using StoreAlerts.AppHost.Tests.System.Telemetry;

namespace StoreAlerts.AppHost.Tests.System;

/// <summary>
/// The whole system started once in local mode (real PostgreSQL, MailDev, the Kafka dev broker, the three services),
/// with a throwaway data directory, shared by every test of the <see cref="StoreAlertsAppCollection"/>.
/// </summary>
public sealed class StoreAlertsAppFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private DirectoryInfo? _dataDirectory;
    private string? _serviceToken;
    private DateTime _serviceTokenExpiry;

    public DistributedApplication App { get; private set; } = null!;
    public string KafkaConnectionString { get; private set; } = "";
    public string AlertDbConnectionString { get; private set; } = "";
    public string MailDevConnectionString { get; private set; } = "";

    /// <summary>
    /// The system tests run the Alert as two replicas (<c>Alert:Replicas</c>), so every end-to-end test also proves that
    /// partitions are split, rows stay exactly once and the live stream shows what either replica stored.
    /// </summary>
    public const int AlertReplicas = 2;

    /// <summary>
    /// The latest state of each of the resource's instances (one per replica), once <paramref name="until"/> holds for them.
    /// Waiting for a resource by name ends when any one replica is healthy; this looks at each.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ResourceEvent>> WaitForReplicasAsync(string resource,
        Func<IReadOnlyDictionary<string, ResourceEvent>, bool> until, CancellationToken cancellationToken)
    {
        var replicas = new Dictionary<string, ResourceEvent>();
        await foreach (var update in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (update.Resource.Name != resource)
            {
                continue;
            }

            replicas[update.ResourceId] = update;
            if (until(replicas))
            {
                break;
            }
        }

        return replicas;
    }

    public static bool AllHealthy(IReadOnlyDictionary<string, ResourceEvent> replicas, int count) =>
        replicas.Count == count && replicas.Values.All(r => r.Snapshot.HealthStatus == HealthStatus.Healthy);

    /// <summary>Where the services send their spans and metrics (OTLP/HTTP), in place of the dashboard.</summary>
    public OtlpCollector Telemetry { get; private set; } = null!;

    /// <summary>The AppHost's data folder for this run (the identity provider's keys are under <c>identity/</c>).</summary>
    public string DataDirectory => _dataDirectory!.FullName;

    public string AdminPassword { get; private set; } = "";
    public string UserPassword { get; private set; } = "";

    /// <summary>
    /// A client for the resource's <c>http</c> endpoint (gateway, store, alert, maildev); the APIs' clients carry the
    /// service client's token (client credentials, roles admin and user) unless a request brings its own.
    /// </summary>
    public HttpClient CreateClient(string resource) => resource is ResourceNames.Gateway or ResourceNames.Store or ResourceNames.Alert
        ? new HttpClient(new ServiceTokenHandler(this)) { BaseAddress = App.GetEndpoint(resource, "http") }
        : App.CreateHttpClient(resource, "http");

    /// <summary>A client with no token and no cookie.</summary>
    public HttpClient CreateAnonymousClient(string resource) => App.CreateHttpClient(resource, "http");

    /// <summary>An access token of <c>storealerts-service</c> from the identity provider, fetched again when it nears its end.</summary>
    public async Task<string> ServiceTokenAsync(CancellationToken cancellationToken)
    {
        await _tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (_serviceToken is null || _serviceTokenExpiry - DateTime.UtcNow < TimeSpan.FromMinutes(2))
            {
                using var identity = App.CreateHttpClient(ResourceNames.Identity, "http");
                using var response = await identity.PostAsync("/auth/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = "storealerts-service",
                    ["client_secret"] = await ParameterAsync("service-client-secret", cancellationToken),
                }), cancellationToken);
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                Assert.True(response.IsSuccessStatusCode, $"The provider refused the service client: {body}");
                _serviceToken = body.GetProperty("access_token").GetString()!;
                _serviceTokenExpiry = DateTime.UtcNow.AddSeconds(body.GetProperty("expires_in").GetInt32());
            }

            return _serviceToken;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    public async Task<string> ParameterAsync(string name, CancellationToken cancellationToken) =>
        (await App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(p => p.Name == name).GetValueAsync(cancellationToken))!;

    public async ValueTask InitializeAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("storealerts-system-");
        // Under root PostgreSQL runs as the postgres user, which must be able to enter the folder.
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Local mode runs on Linux and macOS only.");
            return;
        }

        _dataDirectory.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.StoreAlerts_AppHost>(
            ["Infrastructure=local", $"StoreAlerts:DataDirectory={_dataDirectory.FullName}", $"Alert:Replicas={AlertReplicas}",
                "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true"], timeout.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        // The tests write through the gateway from one address far faster than a person; its rate limit is tested on its own.
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Gateway)
            .WithEnvironment("Gateway__Limits__WriteBurst", "1000000")
            .WithEnvironment("Gateway__Limits__WritesPerSecond", "1000000");
        Telemetry = await OtlpCollector.StartAsync();
        foreach (var service in new[] { ResourceNames.Store, ResourceNames.Alert, ResourceNames.Gateway, ResourceNames.Identity })
        {
            builder.CreateResourceBuilder<ProjectResource>(service)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", Telemetry.Endpoint)
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "500")
                .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "1000");
        }
        App = await builder.BuildAsync(timeout.Token);
        try
        {
            await App.StartAsync(timeout.Token);
            await Task.WhenAll(new[] { ResourceNames.Identity, ResourceNames.Store, ResourceNames.Alert, ResourceNames.Gateway }
                .Select(name => App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token)));
            await WaitForReplicasAsync(ResourceNames.Alert, replicas => AllHealthy(replicas, AlertReplicas), timeout.Token);
        }
        catch (Exception ex)
        {
            var description = DescribeResources();
            await DisposeAsync(); // no test will run, so nothing else stops the processes
            if (ex is OperationCanceledException && timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"The system was not healthy within {StartTimeout.TotalMinutes} minutes:\n{description}", ex);
            }

            throw;
        }

        KafkaConnectionString = (await App.GetConnectionStringAsync(ResourceNames.Kafka))!;
        AlertDbConnectionString = (await App.GetConnectionStringAsync(ResourceNames.AlertDb))!;
        MailDevConnectionString = (await App.GetConnectionStringAsync(ResourceNames.MailDev))!;
        AdminPassword = await ParameterAsync("admin-password", timeout.Token);
        UserPassword = await ParameterAsync("user-password", timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (App is { } app)
        {
            App = null!;
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (Telemetry is { } telemetry)
        {
            Telemetry = null!;
            await telemetry.DisposeAsync();
        }

        try
        {
            _dataDirectory?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A server still flushing its last file; the folder is in the temp directory anyway.
        }
    }

    private string DescribeResources()
    {
        var description = new StringBuilder();
        foreach (var resource in App.Services.GetRequiredService<DistributedApplicationModel>().Resources)
        {
            if (App.ResourceNotifications.TryGetCurrentState(resource.Name, out var state))
            {
                description.AppendLine($"  {resource.Name}: {state.Snapshot.State?.Text} health={state.Snapshot.HealthStatus?.ToString() ?? "-"} " +
                    string.Join("; ", state.Snapshot.HealthReports.Where(h => h.Status is not Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy).Select(h => $"{h.Name}: {h.Description ?? h.ExceptionText}")));
            }
        }

        return description.ToString();
    }
}

[CollectionDefinition(Name)]
public sealed class StoreAlertsAppCollection : ICollectionFixture<StoreAlertsAppFixture>
{
    public const string Name = "StoreAlerts system";
}
