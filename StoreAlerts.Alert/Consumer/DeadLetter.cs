using Confluent.Kafka;

namespace StoreAlerts.Alert.Consumer;

/// <summary>A record that can never become an alert, and why: refused by the reader, or by PostgreSQL as a data error.</summary>
public sealed record DeadLetter(ConsumeResult<string, string> Record, string Field, string Error);
