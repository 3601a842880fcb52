using StoreAlerts.AppHost.Infrastructure;

namespace StoreAlerts.AppHost.Tests.Model;

public class ModeSelectionTests
{
    [Fact]
    public async Task An_unknown_mode_is_refused_naming_the_valid_ones()
    {
        var error = await Assert.ThrowsAsync<MissingPrerequisiteException>(() => AppModel.CreateAsync("Infrastructure=kubernetes"));

        Assert.Equal("Infrastructure=kubernetes is not a mode; use containers, local or external.", error.Message);
    }

    [Fact]
    public async Task Without_a_setting_the_mode_follows_the_container_runtime()
    {
        var (runtime, _) = ContainerRuntimeProbe.Probe(Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME"));

        await using var builder = await AppModel.CreateAsync();

        Assert.Equal(runtime is null ? typeof(Local.KafkaDevBrokerResource) : typeof(KafkaServerResource),
            builder.Resource<IResource>(ResourceNames.Kafka).GetType());
    }

    [Fact]
    public async Task Missing_postgres_binaries_stop_local_mode_with_the_install_command()
    {
        await using var builder = await AppModel.CreateAsync("Infrastructure=local", "StoreAlerts:PostgresBinDirectory=/nonexistent/bin");
        await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("sudo apt-get install postgresql", Assert.IsType<MissingPrerequisiteException>(Unwrap(error)).Message);
    }

    [Fact]
    public void Only_a_root_apphost_needs_the_data_directory_open_to_the_postgres_user()
    {
        var closed = Directory.CreateTempSubdirectory("storealerts-closed-"); // 0700
        try
        {
            var data = Path.Combine(closed.FullName, "data");
            if (OperatingSystem.IsWindows())
            {
                Assert.Null(StoreAlertsInfrastructure.DataDirectoryClosedToPostgres(data, runsAsRoot: true)); // no Unix modes to close a folder
                return;
            }

            Assert.Equal($"PostgreSQL runs as the postgres user, which cannot enter {closed.FullName}. Set StoreAlerts__DataDirectory to a folder it can reach, e.g. /var/tmp/storealerts",
                StoreAlertsInfrastructure.DataDirectoryClosedToPostgres(data, runsAsRoot: true));
            Assert.Null(StoreAlertsInfrastructure.DataDirectoryClosedToPostgres(data, runsAsRoot: false));
        }
        finally
        {
            closed.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_data_directory_the_postgres_user_cannot_enter_stops_local_mode_under_root()
    {
        var closed = Directory.CreateTempSubdirectory("storealerts-closed-"); // 0700
        try
        {
            if (Environment.UserName != "root")
            {
                // Any other user runs PostgreSQL as itself, for which its own closed folder is no obstacle: the check lets it start.
                Assert.Null(StoreAlertsInfrastructure.DataDirectoryClosedToPostgres(Path.Combine(closed.FullName, "data"), runsAsRoot: false));
                return;
            }

            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.StoreAlerts_AppHost>(
                ["Infrastructure=local", $"StoreAlerts:DataDirectory={Path.Combine(closed.FullName, "data")}"], TestContext.Current.CancellationToken);
            await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);

            var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(TestContext.Current.CancellationToken));

            Assert.Equal($"PostgreSQL runs as the postgres user, which cannot enter {closed.FullName}. Set StoreAlerts__DataDirectory to a folder it can reach, e.g. /var/tmp/storealerts",
                Assert.IsType<MissingPrerequisiteException>(Unwrap(error)).Message);
        }
        finally
        {
            closed.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Forcing_containers_without_a_runtime_stops_with_one_clear_reason()
    {
        // A runtime that is not installed anywhere, so the test means the same on a machine where Docker answers.
        await using var builder = await AppModel.CreateAsync("Infrastructure=containers", "ASPIRE_CONTAINER_RUNTIME=storealerts-no-such-runtime");
        await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("Infrastructure=containers needs a running Docker or Podman engine, but none answers (storealerts-no-such-runtime is not installed). Start one, or run with Infrastructure=local.",
            Assert.IsType<MissingPrerequisiteException>(Unwrap(error)).Message);
    }

    private static Exception Unwrap(Exception error) => error is AggregateException { InnerException: { } inner } ? Unwrap(inner) : error;
}
