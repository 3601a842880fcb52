namespace StoreAlerts.AppHost.Tests.Model;

public class ConsumerTuningTests
{
    [Theory]
    [InlineData("local", "10")]
    [InlineData("containers", "500")]
    public async Task Alert_consumer_waits_for_a_fetch_as_long_as_the_mode_broker_needs(string mode, string fetchWaitMaxMs)
    {
        // The local development broker holds every empty fetch for the whole wait; a real broker answers when data arrives.
        await using var builder = await AppModel.CreateAsync($"Infrastructure={mode}");

        var env = await builder.EnvironmentAsync(ResourceNames.Alert);

        Assert.Equal(fetchWaitMaxMs, env["Aspire__Confluent__Kafka__Consumer__Config__FetchWaitMaxMs"]);
    }
}
