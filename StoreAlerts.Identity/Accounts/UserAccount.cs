namespace StoreAlerts.Identity.Accounts;

/// <summary>One user who may sign in: the password comes from configuration (the AppHost's generated parameter).</summary>
public sealed class UserAccount
{
    public string Password { get; set; } = "";
    public string[] Roles { get; set; } = [];
}
