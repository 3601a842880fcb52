using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace StoreAlerts.Alert.Consumer;

/// <summary>
/// Sends a record that cannot become an alert to <c>{topic}.DLT</c>, unchanged, with headers that say
/// what was wrong and where it came from, so it can be inspected and replayed.
/// </summary>
public sealed class DeadLetterPublisher(IProducer<string, string> producer, TimeProvider time)
{
    public const string Suffix = ".DLT";
    public const string ErrorHeader = "dlt-error";
    public const string FieldHeader = "dlt-error-field";
    public const string TopicHeader = "dlt-source-topic";
    public const string PartitionHeader = "dlt-source-partition";
    public const string OffsetHeader = "dlt-source-offset";
    public const string FailedAtHeader = "dlt-failed-at";

    public async Task PublishAsync(IReadOnlyList<(ConsumeResult<string, string> Record, ReadResult Result)> rejected, CancellationToken cancellationToken)
    {
        if (rejected.Count == 0)
        {
            return;
        }

        var failedAt = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var deliveries = rejected.Select(r => producer.ProduceAsync(r.Record.Topic + Suffix, ToDeadLetter(r.Record, r.Result, failedAt), cancellationToken));
        await Task.WhenAll(deliveries);
    }

    private static Message<string, string> ToDeadLetter(ConsumeResult<string, string> record, ReadResult result, string failedAt)
    {
        var headers = new Headers();
        foreach (var header in record.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }
        Add(headers, ErrorHeader, result.Error ?? "invalid record");
        Add(headers, FieldHeader, result.Field ?? "value");
        Add(headers, TopicHeader, record.Topic);
        Add(headers, PartitionHeader, record.Partition.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, OffsetHeader, record.Offset.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, FailedAtHeader, failedAt);
        return new Message<string, string> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers };
    }

    private static void Add(Headers headers, string key, string value) => headers.Add(key, Encoding.UTF8.GetBytes(value));
}
