using StoreAlerts.Testing;

// Shared by every test; each test makes its own database, topic and consumer group, and matches only its own emails.
// Tests that stop a server start a private one instead.
[assembly: AssemblyFixture(typeof(PostgresServer))]
[assembly: AssemblyFixture(typeof(MailDevServer))]
[assembly: AssemblyFixture(typeof(KafkaMockCluster))]
