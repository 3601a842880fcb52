namespace StoreAlerts.AppHost.Infrastructure;

/// <summary>Where the infrastructure (Kafka, the two databases, SMTP) comes from; set with <c>Infrastructure=...</c>.</summary>
public enum InfrastructureMode
{
    /// <summary>Containers run by Docker or Podman; also what publishing (the manifest azd reads) describes.</summary>
    Containers,

    /// <summary>No containers: the machine's PostgreSQL and node, an in-process Kafka dev broker, LiteDB for the Store.</summary>
    Local,

    /// <summary>Existing servers, each given as <c>ConnectionStrings__name</c>.</summary>
    External,
}
