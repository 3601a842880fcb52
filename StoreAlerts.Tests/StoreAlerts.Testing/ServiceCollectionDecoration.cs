using Microsoft.Extensions.DependencyInjection;

namespace StoreAlerts.Testing;

public static class ServiceCollectionDecoration
{
    /// <summary>Replaces the last singleton registration of <typeparamref name="TService"/> with <paramref name="decorate"/> applied to what it built.</summary>
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, TService> decorate)
        where TService : class
    {
        var original = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(original);
        var build = original.ImplementationFactory ?? throw new InvalidOperationException($"{typeof(TService)} is not registered with a factory.");
        return services.AddSingleton(sp => decorate((TService)build(sp)));
    }
}
