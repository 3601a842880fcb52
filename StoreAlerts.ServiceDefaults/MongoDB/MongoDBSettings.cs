namespace Aspire.MongoDB.Driver;

/// <summary>Settings of the MongoDB client; bound from <c>Aspire:MongoDB:Driver</c> as in Aspire.MongoDB.Driver.</summary>
public sealed class MongoDBSettings
{
    public string? ConnectionString { get; set; }
    public bool DisableHealthChecks { get; set; }
    public int? HealthCheckTimeout { get; set; }
    public bool DisableTracing { get; set; }
}
