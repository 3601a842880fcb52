using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace StoreAlerts.Identity.Accounts;

/// <summary>The users of <c>Identity:Users</c>, by name. A user without a password cannot sign in.</summary>
public sealed class UserDirectory(IOptionsMonitor<Dictionary<string, UserAccount>> users)
{
    public const string Section = "Identity:Users";

    public UserAccount? Find(string userName) =>
        users.CurrentValue.TryGetValue(userName, out var account) && account.Password.Length > 0 ? account : null;

    public UserAccount? Verify(string userName, string password)
    {
        var account = Find(userName);
        // Hashes of equal length, compared in constant time, so timing tells nothing about the password.
        return account is not null
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(password)), SHA256.HashData(Encoding.UTF8.GetBytes(account.Password)))
            ? account
            : null;
    }
}
