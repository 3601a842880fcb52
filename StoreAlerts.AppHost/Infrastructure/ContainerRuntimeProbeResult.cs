namespace StoreAlerts.AppHost.Infrastructure;

/// <summary>
/// What the container-runtime probe found: the runtime that answered (or null) and why, and, when none answered, the ones
/// that are installed but silent, which the local-mode messages mention so a Docker user knows why they got local mode.
/// </summary>
public sealed record ContainerRuntimeProbeResult(string? Runtime, string Explanation)
{
    /// <summary>Installed runtimes that failed or timed out, with what they said; empty when none is installed or one answered.</summary>
    public IReadOnlyList<string> Unanswered { get; init; } = [];

    /// <summary>One sentence for messages about local mode: which runtime did not answer and how to choose; null when none was found.</summary>
    public string? Hint => Runtime is null && Unanswered.Count > 0
        ? $"A container runtime is installed but did not answer ({string.Join("; ", Unanswered)}): run with Infrastructure=containers to use it once it is up, or Infrastructure=local to stop asking."
        : null;
}
