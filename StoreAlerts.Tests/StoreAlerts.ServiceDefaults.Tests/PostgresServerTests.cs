using Npgsql;
using StoreAlerts.Testing;

namespace StoreAlerts.ServiceDefaults.Tests;

public sealed class PostgresServerTests(PostgresServer postgres)
{
    [Fact]
    public async Task Created_database_keeps_rows_across_a_restart_and_refuses_connections_while_stopped()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.CreateDatabaseAsync();
        await ExecuteAsync(connectionString, "CREATE TABLE proof (id int PRIMARY KEY); INSERT INTO proof VALUES (1), (2);", ct);

        await postgres.StopAsync();
        try
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(connectionString, "SELECT 1", ct));
        }
        finally
        {
            await postgres.StartAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM proof", connection);
        Assert.Equal(2L, await count.ExecuteScalarAsync(ct));
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
