namespace StoreAlerts.AppHost.Infrastructure;

public sealed partial class StoreAlertsInfrastructure
{
    /// <summary>
    /// librdkafka's <c>fetch.wait.max.ms</c> for the services' consumers. The local development broker (librdkafka's mock
    /// cluster) holds every empty fetch for the whole wait even when data arrives meanwhile, so the default 500 ms would
    /// add up to half a second to every alert; a real broker answers as soon as data arrives, so it keeps the default.
    /// </summary>
    public string KafkaFetchWaitMaxMs => Mode == InfrastructureMode.Local ? "10" : "500";
}
