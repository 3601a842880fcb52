using System.Text;
using Microsoft.EntityFrameworkCore;

namespace StoreAlerts.Alert.Alerts;

public sealed class AlertDbContext(DbContextOptions<AlertDbContext> options) : DbContext(options)
{
    public const string TableName = "store_alerts";

    /// <summary>A version-00 <c>traceparent</c> is 55 characters; room for a later version's longer form.</summary>
    public const int MaxTraceParentLength = 128;

    public DbSet<StoreAlert> StoreAlerts => Set<StoreAlert>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var alert = modelBuilder.Entity<StoreAlert>();
        alert.ToTable(TableName);
        alert.HasIndex(a => a.EventId).IsUnique();
        alert.HasIndex(a => a.OccurredAt);
        // The dispatcher's query: pending rows that are due.
        alert.HasIndex(a => new { a.NotificationStatus, a.NotificationNextAttemptAt });
        alert.Property(a => a.EventId).HasMaxLength(100);
        alert.Property(a => a.StoreId).HasMaxLength(64);
        alert.Property(a => a.StoreName).HasMaxLength(StoreAlertRules.MaxNameLength);
        alert.Property(a => a.StoreAddress).HasMaxLength(StoreAlertRules.MaxAddressLength);
        alert.Property(a => a.StoreStatus).HasMaxLength(16);
        alert.Property(a => a.PreviousStatus).HasMaxLength(16);
        alert.Property(a => a.ChangedBy).HasMaxLength(StoreAlertRules.MaxChangedByLength);
        alert.Property(a => a.SourceTopic).HasMaxLength(249);
        alert.Property(a => a.TraceParent).HasMaxLength(MaxTraceParentLength);
        alert.Property(a => a.NotificationStatus).HasConversion<string>().HasMaxLength(16);
        alert.Property(a => a.NotificationLastError).HasMaxLength(2000);

        // Raw SQL (the batch insert, the dispatcher's claim) reads better with snake_case names.
        foreach (var property in alert.Metadata.GetProperties())
        {
            property.SetColumnName(ToSnakeCase(property.Name));
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                result.Append('_');
            }

            result.Append(char.ToLowerInvariant(name[i]));
        }
        return result.ToString();
    }
}
