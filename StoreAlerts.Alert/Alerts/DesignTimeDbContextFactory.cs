using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace StoreAlerts.Alert.Alerts;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service (no server is contacted).</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AlertDbContext>
{
    public AlertDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AlertDbContext>().UseNpgsql("Host=localhost;Database=alertdb").Options);
}
