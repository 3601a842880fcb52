using Microsoft.Extensions.DependencyInjection.Extensions;
using StoreAlerts.Store.Outbox;
using StoreAlerts.Store.Persistence;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.AddStoreDatabase();
        builder.AddStores();
        builder.AddOutbox();
        return builder;
    }
}
