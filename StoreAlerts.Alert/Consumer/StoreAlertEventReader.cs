using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StoreAlerts.Alert.Alerts;

namespace StoreAlerts.Alert.Consumer;

/// <summary>Turns a record's JSON value into an <see cref="ValidatedAlert"/>, or says which field is wrong.</summary>
public static class StoreAlertEventReader
{
    public const int SupportedSchemaVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ReadResult Read(string? value, TopicPartitionOffset source, DateTimeOffset recordTimestamp)
    {
        var result = ReadFields(value, source, recordTimestamp);
        if (result.Alert is { } alert && FirstControlCharacter(alert) is { } field)
        {
            // Such a record could never be stored or emailed: refused here, instead of failing the whole batch later.
            return ReadResult.Invalid(field, StoreAlertRules.NoControlCharacters(field));
        }

        return result;
    }

    private static string? FirstControlCharacter(ValidatedAlert alert) =>
        StoreAlertRules.HasControlCharacter(alert.StoreName) ? "storeName"
        : StoreAlertRules.HasControlCharacter(alert.StoreAddress) ? "storeAddress"
        : StoreAlertRules.HasControlCharacter(alert.StoreId) ? "storeId"
        : StoreAlertRules.HasControlCharacter(alert.ChangedBy) ? "changedBy"
        : null;

    private static ReadResult ReadFields(string? value, TopicPartitionOffset source, DateTimeOffset recordTimestamp)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return ReadResult.Invalid("value", "The record has no value.");
        }

        StoreAlertEvent? evt;
        try
        {
            evt = JsonSerializer.Deserialize<StoreAlertEvent>(value, Json);
        }
        catch (JsonException e)
        {
            return ReadResult.Invalid(e.Path is { Length: > 2 } path ? path[2..] : "value", $"Malformed JSON: {e.Message}");
        }
        if (evt is null)
        {
            return ReadResult.Invalid("value", "The value is JSON null.");
        }

        // The tutorial's Java service sends only {"storeName","storeStatus"}: no id, no version, no time.
        var isLegacy = evt.EventId is null && evt.SchemaVersion is null;
        if (!isLegacy)
        {
            if (evt.SchemaVersion != SupportedSchemaVersion)
            {
                return ReadResult.Invalid("schemaVersion", $"schemaVersion must be {SupportedSchemaVersion}.");
            }

            if (evt.EventId is null || !StoreAlertRules.EventIdPattern().IsMatch(evt.EventId))
            {
                return ReadResult.Invalid("eventId", "eventId is required: 1 to 100 letters, digits, '.', '_' or '-'.");
            }

            if (evt.OccurredAt is null)
            {
                return ReadResult.Invalid("occurredAt", "occurredAt is required.");
            }

            if (evt.StoreId is not null && !StoreAlertRules.StoreIdPattern().IsMatch(evt.StoreId))
            {
                return ReadResult.Invalid("storeId", "storeId must be 1 to 64 letters, digits, '_' or '-'.");
            }
        }
        if (string.IsNullOrWhiteSpace(evt.StoreName))
        {
            return ReadResult.Invalid("storeName", "storeName is required.");
        }

        if (evt.StoreName.Length > StoreAlertRules.MaxNameLength)
        {
            return ReadResult.Invalid("storeName", $"storeName is longer than {StoreAlertRules.MaxNameLength} characters.");
        }

        if (!StoreAlertRules.IsStatus(evt.StoreStatus))
        {
            return ReadResult.Invalid("storeStatus", "storeStatus must be OPEN or CLOSED.");
        }

        // Optional in version 1 (older events and the tutorial's message have no user); blank means none.
        var changedBy = string.IsNullOrWhiteSpace(evt.ChangedBy) ? null : evt.ChangedBy;
        if (changedBy?.Length > StoreAlertRules.MaxChangedByLength)
        {
            return ReadResult.Invalid("changedBy", $"changedBy is longer than {StoreAlertRules.MaxChangedByLength} characters.");
        }

        if (isLegacy)
        {
            return ReadResult.Valid(Legacy(evt, changedBy, source, recordTimestamp, value));
        }

        if (evt.PreviousStatus is not null && !StoreAlertRules.IsStatus(evt.PreviousStatus))
        {
            return ReadResult.Invalid("previousStatus", "previousStatus must be OPEN, CLOSED or null.");
        }

        if (evt.StoreAddress?.Length > StoreAlertRules.MaxAddressLength)
        {
            return ReadResult.Invalid("storeAddress", $"storeAddress is longer than {StoreAlertRules.MaxAddressLength} characters.");
        }

        return ReadResult.Valid(new ValidatedAlert(evt.EventId!, evt.StoreId, evt.StoreName, evt.StoreAddress,
            evt.StoreStatus!, evt.PreviousStatus, evt.OccurredAt!.Value.ToUniversalTime(), changedBy, source));
    }

    private static ValidatedAlert Legacy(StoreAlertEvent evt, string? changedBy, TopicPartitionOffset source, DateTimeOffset recordTimestamp, string value) =>
        new(LegacyEventId(source, recordTimestamp, value), StoreId: null, evt.StoreName!, StoreAddress: null, evt.StoreStatus!,
            PreviousStatus: null, recordTimestamp.ToUniversalTime(), changedBy, source);

    /// <summary>
    /// A legacy message has no id of its own. Its place in the log alone is not an identity: a broker that loses its log
    /// (the local-mode in-memory broker after a restart) hands out the same offsets again, and the new messages would be
    /// dropped as duplicates of old rows. The record's timestamp and value tell two such messages apart, while a redelivery
    /// of the same record still maps to the same id (a name-based UUID, version 5 layout over SHA-1; ADR-003).
    /// </summary>
    public static string LegacyEventId(TopicPartitionOffset source, DateTimeOffset recordTimestamp, string value)
    {
        var identity = $"{source.Topic}/{source.Partition.Value}/{source.Offset.Value}/{recordTimestamp.ToUnixTimeMilliseconds()}/{value}";
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(identity));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}

public sealed record ReadResult(ValidatedAlert? Alert, string? Field, string? Error)
{
    public static ReadResult Valid(ValidatedAlert alert) => new(alert, null, null);
    public static ReadResult Invalid(string field, string error) => new(null, field, error);
}
