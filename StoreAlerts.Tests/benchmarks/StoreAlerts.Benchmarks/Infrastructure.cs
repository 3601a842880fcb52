using StoreAlerts.Testing;

namespace StoreAlerts.Benchmarks;

/// <summary>The real parts every scenario runs on: a PostgreSQL cluster, MailDev and a librdkafka mock cluster.</summary>
public sealed class Infrastructure : IAsyncDisposable
{
    public const int Partitions = 4;

    private Infrastructure(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka)
    {
        Postgres = postgres;
        MailDev = mailDev;
        Kafka = kafka;
    }

    public PostgresServer Postgres { get; }
    public MailDevServer MailDev { get; }
    public KafkaMockCluster Kafka { get; }

    /// <summary>What the AppHost sets in local mode: the mock broker holds an empty fetch for the whole wait.</summary>
    public static IDictionary<string, string> ConsumerSettings => new Dictionary<string, string>
    {
        ["Aspire__Confluent__Kafka__Consumer__Config__FetchWaitMaxMs"] = "10",
    };

    public static async Task<Infrastructure> StartAsync()
    {
        var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        var mailDev = new MailDevServer();
        await mailDev.InitializeAsync();
        return new Infrastructure(postgres, mailDev, KafkaMockCluster.Start());
    }

    public string NewTopic()
    {
        var topic = $"bench-{Guid.NewGuid():N}";
        Kafka.CreateTopic(topic, Partitions);
        return topic;
    }

    public async ValueTask DisposeAsync()
    {
        Kafka.Dispose();
        await MailDev.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
