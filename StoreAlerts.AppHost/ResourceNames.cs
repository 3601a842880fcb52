namespace StoreAlerts.AppHost;

/// <summary>The names of the resources in the app model; the services' connection names and the tests use the same.</summary>
public static class ResourceNames
{
    public const string Kafka = "kafka";
    public const string Mongo = "mongo";
    public const string StoreDb = "storedb";
    public const string Postgres = "postgres";
    public const string AlertDb = "alertdb";
    public const string MailDev = "maildev";
    public const string Store = "store";
    public const string Alert = "alert";
    public const string Gateway = "gateway";
    public const string Identity = "identity";
}
