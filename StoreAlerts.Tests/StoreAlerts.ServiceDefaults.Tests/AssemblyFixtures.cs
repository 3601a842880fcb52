using StoreAlerts.Testing;

[assembly: AssemblyFixture(typeof(PostgresServer))]
[assembly: AssemblyFixture(typeof(MailDevServer))]
