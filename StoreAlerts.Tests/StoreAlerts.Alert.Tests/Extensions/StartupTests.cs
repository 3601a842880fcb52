using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StoreAlerts.Testing;

namespace StoreAlerts.Alert.Tests;

public sealed class StartupTests(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka)
{
    [Fact]
    public async Task Service_refuses_to_start_with_a_bad_distribution_list_and_says_which_entry()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AlertApp.StartAsync(postgres, mailDev, kafka,
            overrides: [("Alert:DistributionList", "ops@example.com, not-an-address")]));

        Assert.Contains("Alert:DistributionList holds 'not-an-address'", error.Message);
    }

    [Fact]
    public async Task Health_reports_every_check_healthy_when_all_is_up()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        var evt = TestEvents.New();
        await app.Kafka.ProduceAsync(app.Topic, evt.StoreId, evt.Json);
        await app.WaitForRowsAsync(1, "notification_status = 'Sent'");
        using var client = app.CreateClient();

        var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
