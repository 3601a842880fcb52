using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StoreAlerts.AppHost.Infrastructure;

/// <summary>
/// The infrastructure of the chosen <see cref="InfrastructureMode"/>: each Add method returns the resource the services
/// reference, whatever runs behind it.
/// </summary>
public sealed partial class StoreAlertsInfrastructure
{
    private readonly IDistributedApplicationBuilder _builder;
    private readonly Func<string?, ContainerRuntimeProbeResult> _probe;
    private readonly List<string> _warnings = [];

    private StoreAlertsInfrastructure(IDistributedApplicationBuilder builder, InfrastructureMode mode, string reason, bool forced,
        Func<string?, ContainerRuntimeProbeResult> probe, ContainerRuntimeProbeResult? defaultProbe = null)
    {
        _builder = builder;
        _probe = probe;
        Mode = mode;
        Reason = reason;
        RuntimeHint = defaultProbe?.Hint;
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("StoreAlerts.AppHost");
            logger.LogInformation("Infrastructure: {Mode} ({Reason})", Mode.ToString().ToLowerInvariant(), Reason);
            foreach (var warning in _warnings)
            {
                logger.LogWarning("{Warning}", warning);
            }

            CheckPrerequisites(forced);
            return Task.CompletedTask;
        });
    }

    public InfrastructureMode Mode { get; }

    public string Reason { get; }

    /// <summary>When local mode was chosen because an installed runtime did not answer: that, and how to choose; null otherwise.</summary>
    public string? RuntimeHint { get; }

    /// <summary>What the AppHost logs as warnings before it starts anything (e.g. a preferred host port that was taken).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>The Store's persistence provider (<c>StoreDatabase__Provider</c>): an embedded LiteDB file when no MongoDB can be assumed.</summary>
    public string StoreDatabaseProvider => Mode == InfrastructureMode.Local ? "LiteDB" : "MongoDB";

    private IConfiguration Configuration => _builder.Configuration;

    private bool IsRunMode => _builder.ExecutionContext.IsRunMode;

    /// <summary>
    /// Reads <c>Infrastructure</c>; when unset, containers if Docker or Podman answers (or the runtime Aspire is told to use),
    /// local otherwise. Publishing describes containers, or with <c>Infrastructure=external</c> the managed servers a deployment
    /// is given as connection-string parameters (docs/deploy.md).
    /// </summary>
    /// <param name="probe">Asks the container runtimes (given the configured one, if any); <see cref="ContainerRuntimeProbe.Probe"/> by default.</param>
    public static StoreAlertsInfrastructure Choose(IDistributedApplicationBuilder builder, Func<string?, ContainerRuntimeProbeResult>? probe = null)
    {
        MissingPrerequisiteException.PrintAloneWhenUnhandled();
        probe ??= configured => ContainerRuntimeProbe.Probe(configured);
        var configured = builder.Configuration["Infrastructure"];
        if (builder.ExecutionContext.IsPublishMode)
        {
            return string.Equals(configured, "external", StringComparison.OrdinalIgnoreCase)
                ? new(builder, InfrastructureMode.External, "publishing for existing servers given at deployment", forced: false, probe)
                : new(builder, InfrastructureMode.Containers, "publishing describes the containers topology unless Infrastructure=external", forced: false, probe);
        }

        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Enum.TryParse<InfrastructureMode>(configured, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
                ? new(builder, mode, $"Infrastructure={configured}", forced: true, probe)
                : throw new MissingPrerequisiteException($"Infrastructure={configured} is not a mode; use containers, local or external.");
        }

        var found = probe(ConfiguredRuntime(builder.Configuration));
        return found.Runtime is not null
            ? new(builder, InfrastructureMode.Containers, $"default: {found.Explanation}", forced: false, probe)
            : new(builder, InfrastructureMode.Local, $"default: no healthy container runtime ({found.Explanation})", forced: false, probe, found);
    }

    /// <summary>The runtime Aspire itself will use, in Aspire's order: <c>DcpPublisher:ContainerRuntime</c>, then <c>ASPIRE_CONTAINER_RUNTIME</c>, then its legacy name.</summary>
    public static string? ConfiguredRuntime(IConfiguration configuration) =>
        new[] { "DcpPublisher:ContainerRuntime", "ASPIRE_CONTAINER_RUNTIME", "DOTNET_ASPIRE_CONTAINER_RUNTIME" }
            .Select(key => configuration[key])
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
