namespace StoreAlerts.Alert.Operations;

public static class OperationsExtensions
{
    /// <summary>What the operator commands (<see cref="OperationsApi"/>) need: the dead-letter replay.</summary>
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeadLetterReplay>();
        return builder;
    }
}
