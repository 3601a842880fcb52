using Microsoft.EntityFrameworkCore;

namespace StoreAlerts.Identity.Server;

/// <summary>OpenIddict's applications, authorizations and tokens (refresh tokens, authorization codes) in SQLite.</summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options);
