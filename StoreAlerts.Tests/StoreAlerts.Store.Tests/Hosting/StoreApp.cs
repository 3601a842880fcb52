using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StoreAlerts.Testing;

namespace StoreAlerts.Store.Tests.Hosting;

/// <summary>
/// The real Store service in-process, on a LiteDB file of its own and a librdkafka mock cluster of its own
/// (so a test may take the broker down), publishing to a fresh topic. Its clock is a <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class StoreApp : WebApplicationFactory<Program>
{
    private readonly string _databaseFile;
    private bool _ownsResources = true;

    public StoreApp()
        : this(KafkaMockCluster.Start(), Path.Combine(Path.GetTempPath(), $"storealerts-store-{Guid.NewGuid():N}.db"), $"store-alerts-{Guid.NewGuid():N}")
    {
        Kafka.CreateTopic(Topic);
    }

    private StoreApp(KafkaMockCluster kafka, string databaseFile, string topic)
    {
        Kafka = kafka;
        _databaseFile = databaseFile;
        Topic = topic;
    }

    /// <summary>The relay's fallback poll; an hour by default, so events arriving within seconds prove the wake-up after a write.</summary>
    public TimeSpan OutboxPollInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary><c>StoreDatabase:MaxPendingEventsPerStore</c>; the service's default when null.</summary>
    public int? MaxPendingEventsPerStore { get; init; }

    /// <summary>More service registrations, applied after the service's own.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public KafkaMockCluster Kafka { get; }

    /// <summary>The LiteDB file; the service holds it exclusively once started, so write to it directly only before.</summary>
    public string DatabaseFile => _databaseFile;

    public string Topic { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 21, 0, 0, TimeSpan.Zero));

    /// <param name="user">The admin the client's token names (its <c>preferred_username</c>); the test issuer's default admin when null.</param>
    public StoreClient CreateStoreClient(string? user = null)
    {
        var http = CreateClient();
        if (user is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", TestIssuer.Shared.Token("store", ["admin", "user"], subject: user));
        }

        return new StoreClient(http);
    }

    /// <summary>Serves over real loopback sockets (Kestrel) instead of the in-memory test server.</summary>
    public StoreApp WithKestrel()
    {
        UseKestrel(0);
        return this;
    }

    /// <summary>
    /// Another Store process on the same database file, broker and topic, as after a restart. The successor takes over
    /// the resources: dispose this one first, then the successor deletes them.
    /// </summary>
    public StoreApp Successor()
    {
        _ownsResources = false;
        return new StoreApp(Kafka, _databaseFile, Topic) { OutboxPollInterval = OutboxPollInterval };
    }

    public TopicReader ReadTopic() => new(Kafka.BootstrapServers, Topic);

    /// <summary>Every client carries an <c>admin</c> token from the test issuer; the authorization tests replace it.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        TestIssuer.Shared.Authorize(client);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:kafka", Kafka.BootstrapServers);
        builder.UseSetting("StoreDatabase:Provider", "LiteDB");
        builder.UseSetting("ConnectionStrings:storedb", $"Filename={_databaseFile};Connection=direct");
        builder.UseSetting("Kafka:Topic", Topic);
        builder.UseSetting("Outbox:PollInterval", OutboxPollInterval.ToString("c"));
        builder.UseSetting("Outbox:ShutdownDrainTimeout", "00:00:01");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Identity:Authority", TestIssuer.Shared.Authority.ToString());
        if (MaxPendingEventsPerStore is { } limit)
        {
            builder.UseSetting("StoreDatabase:MaxPendingEventsPerStore", $"{limit}");
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            ConfigureServices?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsResources)
        {
            return;
        }

        Kafka.Dispose();
        File.Delete(_databaseFile);
        File.Delete(_databaseFile + ".lock");
        File.Delete(Path.ChangeExtension(_databaseFile, null) + "-log.db");
    }
}
