using Confluent.Kafka;
using StoreAlerts.Alert.Consumer;

namespace StoreAlerts.Alert.Tests;

/// <summary>The Store's golden event (StoreAlerts.Tests/contracts) must read as a valid alert here.</summary>
public sealed class ContractTests
{
    [Fact]
    public void Golden_store_event_reads_as_a_valid_alert()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contracts", "store-alert-event.v1.json"));
        var source = new TopicPartitionOffset("topic_alert", 2, 41);

        var result = StoreAlertEventReader.Read(json, source, DateTimeOffset.UnixEpoch);

        var alert = Assert.IsType<ValidatedAlert>(result.Alert);
        Assert.Equal(
            new ValidatedAlert("3f0c9a4e-2b1d-4c7a-9e55-0d6f1a2b3c4d", "6650a1b2c3d4e5f601234567", "Zara", "Gran Via 32, Madrid",
                "CLOSED", "OPEN", new DateTimeOffset(2026, 11, 26, 21, 0, 0, TimeSpan.Zero), "admin", source),
            alert);
    }
}
