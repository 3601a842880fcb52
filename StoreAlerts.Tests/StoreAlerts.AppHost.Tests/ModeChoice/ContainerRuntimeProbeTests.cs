using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StoreAlerts.AppHost.Infrastructure;

namespace StoreAlerts.AppHost.Tests.ModeChoice;

/// <summary>The probe against fake <c>docker</c>/<c>podman</c> scripts: what each answer makes of the mode choice.</summary>
public class ContainerRuntimeProbeTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public void A_docker_that_hangs_is_stopped_at_the_timeout_and_reported_as_installed_but_silent()
    {
        SkipOnWindows();
        using var fakes = new FakeRuntimes().With("docker", FakeRuntimes.Hangs);
        var clock = Stopwatch.StartNew();

        var result = ContainerRuntimeProbe.Probe(null, ShortTimeout, fakes.SearchPath);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Null(result.Runtime);
        Assert.Equal("'docker info' gave no answer within 1 s; podman is not installed", result.Explanation);
        Assert.Equal("A container runtime is installed but did not answer ('docker info' gave no answer within 1 s): run with Infrastructure=containers to use it once it is up, or Infrastructure=local to stop asking.",
            result.Hint);
    }

    [Fact]
    public void A_docker_whose_daemon_is_down_is_reported_with_its_own_words()
    {
        SkipOnWindows();
        using var fakes = new FakeRuntimes().With("docker", FakeRuntimes.DaemonDown);

        var result = ContainerRuntimeProbe.Probe(null, ShortTimeout, fakes.SearchPath);

        Assert.Null(result.Runtime);
        Assert.Equal(["'docker info' failed: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"], result.Unanswered);
        Assert.NotNull(result.Hint);
    }

    [Fact]
    public void Docker_is_preferred_when_both_answer_and_podman_is_taken_when_docker_is_down()
    {
        SkipOnWindows();
        using var both = new FakeRuntimes().With("docker", FakeRuntimes.Answers).With("podman", FakeRuntimes.Answers);
        using var podmanOnly = new FakeRuntimes().With("docker", FakeRuntimes.DaemonDown).With("podman", FakeRuntimes.Answers);

        Assert.Equal(("docker", "'docker info' answered"), Tuple(ContainerRuntimeProbe.Probe(null, ShortTimeout, both.SearchPath)));
        Assert.Equal(("podman", "'podman info' answered"), Tuple(ContainerRuntimeProbe.Probe(null, ShortTimeout, podmanOnly.SearchPath)));
        Assert.Null(ContainerRuntimeProbe.Probe(null, ShortTimeout, podmanOnly.SearchPath).Hint);
    }

    [Fact]
    public void A_configured_runtime_is_the_only_one_asked()
    {
        SkipOnWindows();
        using var fakes = new FakeRuntimes().With("docker", FakeRuntimes.Answers).With("podman", FakeRuntimes.DaemonDown);

        var result = ContainerRuntimeProbe.Probe("podman", ShortTimeout, fakes.SearchPath);

        Assert.Null(result.Runtime);
        Assert.StartsWith("'podman info' failed: Cannot connect", result.Explanation);
    }

    [Fact]
    public void A_runtime_that_cannot_be_started_is_a_reason_not_a_crash()
    {
        SkipOnWindows();
        using var fakes = new FakeRuntimes().With("docker", FakeRuntimes.Answers, executable: false);

        var result = ContainerRuntimeProbe.Probe(null, ShortTimeout, fakes.SearchPath);

        Assert.Null(result.Runtime);
        Assert.StartsWith("'docker info' could not be started: ", result.Explanation);
    }

    [Fact]
    public void No_runtime_at_all_gives_no_hint()
    {
        using var empty = new FakeRuntimes();

        var result = ContainerRuntimeProbe.Probe(null, ShortTimeout, empty.SearchPath);

        Assert.Equal((null, "docker is not installed; podman is not installed"), Tuple(result));
        Assert.Null(result.Hint);
    }

    [Fact]
    public void On_windows_docker_is_found_as_docker_cmd_or_docker_exe_through_PATHEXT()
    {
        using var fakes = new FakeRuntimes().With("docker.cmd", "exit 0").With("podman.exe", "exit 0");

        Assert.Equal(Path.Combine(fakes.SearchPath, "docker.cmd"), ExecutableLookup.Find("docker", $"C:\\nowhere;{fakes.SearchPath}", windows: true, ".COM;.EXE;.BAT;.CMD"));
        Assert.Equal(Path.Combine(fakes.SearchPath, "podman.exe"), ExecutableLookup.Find("podman", fakes.SearchPath, windows: true, pathExt: null));
        Assert.Null(ExecutableLookup.Find("docker", fakes.SearchPath, windows: false));
    }

    [Theory]
    [InlineData("podman", "docker", "docker", "podman")]
    [InlineData(null, "docker", "podman", "docker")]
    [InlineData(null, null, "podman", "podman")]
    [InlineData(null, null, null, null)]
    public void The_configured_runtime_is_read_in_aspires_order(string? dcpPublisher, string? aspire, string? legacy, string? expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DcpPublisher:ContainerRuntime"] = dcpPublisher,
            ["ASPIRE_CONTAINER_RUNTIME"] = aspire,
            ["DOTNET_ASPIRE_CONTAINER_RUNTIME"] = legacy,
        }).Build();

        Assert.Equal(expected, StoreAlertsInfrastructure.ConfiguredRuntime(configuration));
    }

    [Fact]
    public async Task A_missing_local_prerequisite_says_that_docker_was_found_silent_and_how_to_choose()
    {
        SkipOnWindows();
        using var fakes = new FakeRuntimes().With("docker", FakeRuntimes.DaemonDown);
        var builder = DistributedApplication.CreateBuilder(
            ["StoreAlerts:PostgresBinDirectory=/nonexistent/bin", $"StoreAlerts:DataDirectory={Path.Combine(fakes.SearchPath, "data")}"]);
        var infrastructure = StoreAlertsInfrastructure.Choose(builder, configured => ContainerRuntimeProbe.Probe(configured, ShortTimeout, fakes.SearchPath));
        await using var app = builder.Build();

        // What the AppHost does just before it starts anything; without DCP, nothing else runs.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => builder.Eventing.PublishAsync(
            new BeforeStartEvent(app.Services, app.Services.GetRequiredService<DistributedApplicationModel>()), TestContext.Current.CancellationToken));

        Assert.Equal(InfrastructureMode.Local, infrastructure.Mode);
        var message = Assert.IsType<MissingPrerequisiteException>(Unwrap(error)).Message;
        Assert.StartsWith("PostgreSQL is not installed", message);
        Assert.EndsWith(". A container runtime is installed but did not answer ('docker info' failed: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?): run with Infrastructure=containers to use it once it is up, or Infrastructure=local to stop asking.",
            message);
    }

    private static (string?, string) Tuple(ContainerRuntimeProbeResult result) => (result.Runtime, result.Explanation);

    private static Exception Unwrap(Exception error) => error is AggregateException { InnerException: { } inner } ? Unwrap(inner) : error;

    private static void SkipOnWindows() => Assert.SkipWhen(OperatingSystem.IsWindows(), "The fake runtimes are shell scripts.");
}
