using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;
using StoreAlerts.Testing;

namespace StoreAlerts.ServiceDefaults.Tests;

public sealed class MongoDBClientTests
{
    [Fact]
    public void Database_named_in_the_connection_string_is_registered()
    {
        var builder = HostFactory.Create(("ConnectionStrings:storedb", "mongodb://admin:secret@127.0.0.1:1/storedb?authSource=admin"));
        builder.AddMongoDBClient("storedb");
        using var host = builder.Build();

        Assert.Equal("storedb", host.Services.GetRequiredService<IMongoDatabase>().DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public async Task Health_check_is_unhealthy_when_no_server_answers()
    {
        var port = FreePort.Next();
        var builder = HostFactory.Create(
            ("ConnectionStrings:storedb", $"mongodb://127.0.0.1:{port}/storedb?serverSelectionTimeoutMS=500&connectTimeoutMS=500"),
            ("Aspire:MongoDB:Driver:HealthCheckTimeout", "1500"));
        builder.AddMongoDBClient("storedb");
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["MongoDB.Driver"].Status);
    }

    [Fact]
    public async Task Health_check_is_healthy_against_a_reachable_server()
    {
        if (MongoDbAvailability.ConnectionString is not { } connectionString)
        {
            Assert.Skip(MongoDbAvailability.SkipReason);
            return;
        }

        var builder = HostFactory.Create(("ConnectionStrings:storedb", connectionString));
        builder.AddMongoDBClient("storedb");
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, report.Entries["MongoDB.Driver"].Status);
    }
}
