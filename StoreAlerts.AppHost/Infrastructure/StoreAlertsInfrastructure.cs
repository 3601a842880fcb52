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

    private StoreAlertsInfrastructure(IDistributedApplicationBuilder builder, InfrastructureMode mode, string reason, bool forced)
    {
        _builder = builder;
        Mode = mode;
        Reason = reason;
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("StoreAlerts.AppHost")
                .LogInformation("Infrastructure: {Mode} ({Reason})", Mode.ToString().ToLowerInvariant(), Reason);
            CheckPrerequisites(forced);
            return Task.CompletedTask;
        });
    }

    public InfrastructureMode Mode { get; }

    public string Reason { get; }

    /// <summary>The Store's persistence provider (<c>StoreDatabase__Provider</c>): an embedded LiteDB file when no MongoDB can be assumed.</summary>
    public string StoreDatabaseProvider => Mode == InfrastructureMode.Local ? "LiteDB" : "MongoDB";

    private IConfiguration Configuration => _builder.Configuration;

    private bool IsRunMode => _builder.ExecutionContext.IsRunMode;

    /// <summary>
    /// Reads <c>Infrastructure</c>; when unset, containers if Docker or Podman answers (or the runtime named by
    /// <c>ASPIRE_CONTAINER_RUNTIME</c>), local otherwise. Publishing always describes containers.
    /// </summary>
    public static StoreAlertsInfrastructure Choose(IDistributedApplicationBuilder builder)
    {
        MissingPrerequisiteException.PrintAloneWhenUnhandled();
        if (builder.ExecutionContext.IsPublishMode)
        {
            return new(builder, InfrastructureMode.Containers, "publishing always describes the containers topology", forced: false);
        }

        var configured = builder.Configuration["Infrastructure"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Enum.TryParse<InfrastructureMode>(configured, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
                ? new(builder, mode, $"Infrastructure={configured}", forced: true)
                : throw new MissingPrerequisiteException($"Infrastructure={configured} is not a mode; use containers, local or external.");
        }

        var (runtime, explanation) = ContainerRuntimeProbe.Probe(ConfiguredRuntime(builder.Configuration));
        return runtime is not null
            ? new(builder, InfrastructureMode.Containers, $"default: {explanation}", forced: false)
            : new(builder, InfrastructureMode.Local, $"default: no healthy container runtime ({explanation})", forced: false);
    }

    private static string? ConfiguredRuntime(IConfiguration configuration) =>
        configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DcpPublisher:ContainerRuntime"];
}
