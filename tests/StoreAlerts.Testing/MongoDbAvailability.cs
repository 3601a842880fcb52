namespace StoreAlerts.Testing;

/// <summary>
/// Where a MongoDB server is reachable for the contract suite: <c>STOREALERTS_TEST_MONGODB</c> (a connection
/// string), else a <c>mongod</c> on PATH is expected to listen on the default port. Tests call
/// <c>Assert.Skip(MongoDbAvailability.SkipReason)</c> when <see cref="ConnectionString"/> is null.
/// </summary>
public static class MongoDbAvailability
{
    public const string EnvironmentVariable = "STOREALERTS_TEST_MONGODB";

    public static string? ConnectionString { get; } = Find();

    public static string SkipReason =>
        $"No MongoDB reachable: set {EnvironmentVariable} to a connection string (or put mongod on PATH) to run the MongoDB contract suite.";

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "mongod")));
        return onPath ? "mongodb://127.0.0.1:27017" : null;
    }
}
