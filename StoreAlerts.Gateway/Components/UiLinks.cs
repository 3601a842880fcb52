namespace StoreAlerts.Gateway.Components;

/// <summary>Where the home page points developers (<c>Links:Dashboard</c>, <c>Links:MailDev</c>); shown in Development only.</summary>
public sealed class UiLinks
{
    public const string Section = "Links";

    public string? Dashboard { get; set; }

    public string? MailDev { get; set; }
}
