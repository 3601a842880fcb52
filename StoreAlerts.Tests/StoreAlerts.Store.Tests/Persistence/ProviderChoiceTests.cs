using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StoreAlerts.Store.Persistence;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Tests.Persistence;

/// <summary><c>StoreDatabase:Provider</c> picks the repository; a wrong or incomplete setting stops the start instead of falling back.</summary>
public sealed class ProviderChoiceTests
{
    [Fact]
    public void MongoDB_is_the_default_provider()
    {
        var builder = Builder(("ConnectionStrings:storedb", "mongodb://127.0.0.1:1/storedb"));

        builder.AddStoreDatabase();
        using var services = builder.Services.BuildServiceProvider();

        Assert.IsType<MongoStoreRepository>(services.GetRequiredService<IStoreRepository>());
    }

    [Fact]
    public void LiteDB_provider_opens_the_file_named_by_the_connection_string()
    {
        var file = Path.Combine(Path.GetTempPath(), $"storealerts-choice-{Guid.NewGuid():N}", "storedb.db");
        var builder = Builder(("StoreDatabase:Provider", "LiteDB"), ("ConnectionStrings:storedb", $"Filename={file};Connection=shared"));

        builder.AddStoreDatabase();
        using (var services = builder.Services.BuildServiceProvider())
        {
            Assert.IsType<LiteDbStoreRepository>(services.GetRequiredService<IStoreRepository>());
        }

        Assert.True(File.Exists(file));
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Theory]
    [InlineData("Memory", null, "StoreDatabase:Provider 'Memory' is not supported")]
    [InlineData("LiteDB", null, "ConnectionStrings:storedb")]
    [InlineData("MongoDB", null, "ConnectionStrings:storedb")]
    public void Wrong_or_incomplete_settings_stop_the_start_naming_the_setting(string provider, string? connectionString, string message)
    {
        var builder = Builder(("StoreDatabase:Provider", provider), ("ConnectionStrings:storedb", connectionString));

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddStoreDatabase());

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_MongoDB_connection_string_without_a_database_stops_the_start_naming_the_setting_but_not_the_password()
    {
        var builder = Builder(("ConnectionStrings:storedb", "mongodb://admin:s3cret@mongo:27017/?authSource=admin"));

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddStoreDatabase());

        Assert.Equal("The MongoDB connection string (ConnectionStrings:storedb) names no database (servers mongo:27017): put it in the path, e.g. mongodb://mongo:27017/storedb.",
            error.Message);
    }

    private static WebApplicationBuilder Builder(params (string Key, string? Value)[] settings)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)));
        builder.Services.AddLogging();
        return builder;
    }
}
