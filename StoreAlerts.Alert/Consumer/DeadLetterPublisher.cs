using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StoreAlerts.Alert.Telemetry;

namespace StoreAlerts.Alert.Consumer;

/// <summary>
/// Sends a record that cannot become an alert to <c>{topic}.DLT</c>, unchanged, with headers that say what was wrong
/// and where it came from, so it can be inspected and replayed. A copy the broker refuses as it is (too large with its
/// headers, an invalid record) is sent once more in a reduced form: no original headers, the value cut to
/// <c>Alert:DeadLetter:ReducedValueBytes</c>, and headers saying so. Only a topic that cannot be written at all holds
/// the batch; the consumer retries it, and the <c>alert-consumer</c> check turns Unhealthy past a bound (ADR-003). A
/// producer that hit a fatal error is replaced before the next attempt.
/// </summary>
public sealed class DeadLetterPublisher(
    KafkaProducerFactory<string, string> producers,
    ConsumerState state,
    AlertMetrics metrics,
    IOptions<DeadLetterOptions> options,
    TimeProvider time,
    ILogger<DeadLetterPublisher> logger) : IDisposable
{
    public const string Suffix = ".DLT";
    public const string ErrorHeader = "dlt-error";
    public const string FieldHeader = "dlt-error-field";
    public const string TopicHeader = "dlt-source-topic";
    public const string PartitionHeader = "dlt-source-partition";
    public const string OffsetHeader = "dlt-source-offset";
    public const string FailedAtHeader = "dlt-failed-at";
    public const string ReducedHeader = "dlt-reduced";
    public const string OriginalSizeHeader = "dlt-original-size";

    private static readonly HashSet<ErrorCode> RefusedAsItIs =
    [
        ErrorCode.MsgSizeTooLarge, ErrorCode.InvalidMsgSize, ErrorCode.RecordListTooLarge,
        ErrorCode.InvalidRecord, ErrorCode.InvalidMsg, ErrorCode.Local_BadMsg, ErrorCode.PolicyViolation,
    ];

    private readonly ReplaceableProducer<string, string> _producer = new(producers);

    public async Task PublishAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        if (letters.Count == 0)
        {
            return;
        }

        if (_producer.ReplaceIfFailed())
        {
            logger.LogError("The dead-letter producer hit a fatal error; replacing it with a new producer.");
        }

        var failedAt = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var producer = _producer.Current;
        try
        {
            await Task.WhenAll(letters.Select(letter => PublishOneAsync(producer, letter, failedAt, cancellationToken)));
            state.DeadLetterWritten();
        }
        catch (Exception e)
        {
            if (e is KafkaException kafka)
            {
                _producer.Note(kafka.Error);
            }

            state.DeadLetterFailed(e);
            throw;
        }

        metrics.DeadLettered(letters.Count);
        foreach (var letter in letters)
        {
            logger.LogWarning("Dead-lettered {Topic}/{Partition}@{Offset}: {Field}: {Error}",
                letter.Record.Topic, letter.Record.Partition.Value, letter.Record.Offset.Value, letter.Field, letter.Error);
        }
    }

    public void Dispose() => _producer.Dispose();

    private async Task PublishOneAsync(IProducer<string, string> producer, DeadLetter letter, string failedAt, CancellationToken cancellationToken)
    {
        var topic = letter.Record.Topic + Suffix;
        try
        {
            await producer.ProduceAsync(topic, Full(letter, failedAt), cancellationToken);
        }
        catch (KafkaException e) when (RefusedAsItIs.Contains(e.Error.Code))
        {
            logger.LogWarning("The dead letter of {TopicPartitionOffset} was refused as it is ({Reason}); sending it reduced",
                letter.Record.TopicPartitionOffset, e.Error.Reason);
            await producer.ProduceAsync(topic, Reduced(letter, failedAt, e.Error), cancellationToken);
        }
    }

    private static Message<string, string> Full(DeadLetter letter, string failedAt)
    {
        var headers = new Headers();
        foreach (var header in letter.Record.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }
        AddSource(headers, letter, failedAt);
        return new Message<string, string> { Key = letter.Record.Message.Key, Value = letter.Record.Message.Value, Headers = headers };
    }

    private Message<string, string> Reduced(DeadLetter letter, string failedAt, Error refusal)
    {
        var value = letter.Record.Message.Value ?? "";
        var originalSize = Encoding.UTF8.GetByteCount(value) + (letter.Record.Message.Headers?.Sum(h => h.Key.Length + h.GetValueBytes().Length) ?? 0);
        var headers = new Headers();
        AddSource(headers, letter, failedAt);
        Add(headers, ReducedHeader, $"refused as it is: {refusal.Code}: {refusal.Reason}");
        Add(headers, OriginalSizeHeader, originalSize.ToString(CultureInfo.InvariantCulture));
        return new Message<string, string> { Key = Cut(letter.Record.Message.Key, 1024)!, Value = Cut(value, options.Value.ReducedValueBytes)!, Headers = headers };
    }

    private static void AddSource(Headers headers, DeadLetter letter, string failedAt)
    {
        var record = letter.Record;
        Add(headers, ErrorHeader, Cut(letter.Error, 2000)!);
        Add(headers, FieldHeader, letter.Field);
        Add(headers, TopicHeader, record.Topic);
        Add(headers, PartitionHeader, record.Partition.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, OffsetHeader, record.Offset.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, FailedAtHeader, failedAt);
    }

    /// <summary>The longest prefix of <paramref name="text"/> that fits in <paramref name="maxBytes"/> UTF-8 bytes, never splitting a character.</summary>
    internal static string? Cut(string? text, int maxBytes)
    {
        if (text is null || Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var length = 0;
        var bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            length += rune.Utf16SequenceLength;
        }
        return text[..length];
    }

    private static void Add(Headers headers, string key, string value) => headers.Add(key, Encoding.UTF8.GetBytes(value));
}
