using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace StoreAlerts.Identity.Server;

/// <summary>
/// The signing and encryption keys, made on the first start and kept in the data folder, so tokens and refresh tokens
/// stay valid across restarts. Only the owner may read the files.
/// </summary>
public static class ServerKeys
{
    public static RsaSecurityKey Rsa(string directory, string name)
    {
        var path = Path.Combine(directory, name + ".pem");
        var rsa = RSA.Create();
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            rsa.KeySize = 2048;
            WriteOwnerOnly(path, rsa.ExportPkcs8PrivateKeyPem());
        }

        return new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16] };
    }

    private static void WriteOwnerOnly(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, "");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
