using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace StoreAlerts.Gateway.Api;

/// <summary>
/// The UI's calls to the services keep the standard resilience handler (timeouts, circuit breaker; tuned under
/// <c>Gateway:Ui:Resilience</c>) but retry only GET and HEAD. A create or an update that timed out may well have been
/// applied: sent again it would make a second store, or come back as a false 412 against its own first attempt.
/// </summary>
public static class UiResilience
{
    public const string Section = "Gateway:Ui:Resilience";

    public static void Configure(HttpStandardResilienceOptions options, IConfiguration section)
    {
        section.Bind(options);
        var shouldHandle = options.Retry.ShouldHandle;
        options.Retry.ShouldHandle = async args =>
            args.Context.GetRequestMessage()?.Method is { } method
            && (method == HttpMethod.Get || method == HttpMethod.Head)
            && await shouldHandle(args);
    }

    /// <summary>A typed client for one service, resolved by service discovery, with the UI's read-only retries.</summary>
    public static void AddUiServiceClient<TClient>(this IHostApplicationBuilder builder, string service)
        where TClient : class
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to replace one.
        builder.Services.AddHttpClient<TClient>(http => http.BaseAddress = new Uri($"http://{service}"))
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options => Configure(options, builder.Configuration.GetSection(Section)));
#pragma warning restore EXTEXP0001
    }
}
