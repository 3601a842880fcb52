namespace StoreAlerts.AppHost.Infrastructure;

/// <summary>Something the chosen mode needs is not on this machine; the message says what and how to install it.</summary>
public sealed class MissingPrerequisiteException(string message) : Exception(message)
{
    /// <summary>Under <c>dotnet run</c>, ends the AppHost with the message alone instead of a stack trace.</summary>
    internal static void PrintAloneWhenUnhandled() =>
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (Find(e.ExceptionObject as Exception) is { } missing)
            {
                Console.Error.WriteLine($"StoreAlerts.AppHost: {missing.Message}");
                Environment.Exit(1);
            }
        };

    private static MissingPrerequisiteException? Find(Exception? exception) => exception switch
    {
        null => null,
        MissingPrerequisiteException missing => missing,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null),
        _ => Find(exception.InnerException),
    };
}
