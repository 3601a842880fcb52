using Confluent.Kafka;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Alert.Consumer;

namespace StoreAlerts.Alert.Tests;

public sealed class EventReaderTests
{
    private static readonly TopicPartitionOffset Source = new("topic_alert", 1, 7);
    private static readonly DateTimeOffset RecordTime = new(2026, 11, 26, 22, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("not json", "value")]
    [InlineData("""{"eventId":"e1","schemaVersion":1,"storeName":"Zara","storeStatus":"CLOSED"}""", "occurredAt")]
    [InlineData("""{"eventId":"e1","schemaVersion":2,"storeName":"Zara","storeStatus":"CLOSED","occurredAt":"2026-11-26T21:00:00Z"}""", "schemaVersion")]
    [InlineData("""{"schemaVersion":1,"storeName":"Zara","storeStatus":"CLOSED","occurredAt":"2026-11-26T21:00:00Z"}""", "eventId")]
    [InlineData("""{"eventId":"e 1\r\nBcc: x","schemaVersion":1,"storeName":"Zara","storeStatus":"CLOSED","occurredAt":"2026-11-26T21:00:00Z"}""", "eventId")]
    [InlineData("""{"eventId":"e1","schemaVersion":1,"storeName":"  ","storeStatus":"CLOSED","occurredAt":"2026-11-26T21:00:00Z"}""", "storeName")]
    [InlineData("""{"eventId":"e1","schemaVersion":1,"storeName":"Zara","storeStatus":"SHUT","occurredAt":"2026-11-26T21:00:00Z"}""", "storeStatus")]
    [InlineData("""{"eventId":"e1","schemaVersion":1,"storeName":"Zara","storeStatus":"OPEN","previousStatus":"x","occurredAt":"2026-11-26T21:00:00Z"}""", "previousStatus")]
    [InlineData("""{"eventId":"e1","schemaVersion":1,"storeName":42,"storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z"}""", "storeName")]
    [InlineData("""{"eventId":"e1","schemaVersion":1,"storeId":"a/b","storeName":"Zara","storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z"}""", "storeId")]
    [InlineData("""{"storeName":"Zara"}""", "storeStatus")]
    [InlineData("{\"storeName\":\"Za\\u0000ra\",\"storeStatus\":\"CLOSED\"}", "storeName")]
    [InlineData("""{"eventId":"e1","schemaVersion":1,"storeName":"Zara","storeAddress":"Gran\nVia","storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z"}""", "storeAddress")]
    [InlineData("""{"eventId":"e1","schemaVersion":1,"storeName":"Za\u0007ra","storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z"}""", "storeName")]
    [InlineData("null", "value")]
    [InlineData("", "value")]
    [InlineData("""{"eventId":"e1","schemaVersion":1,"storeName":"Zara","storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z","changedBy":42}""", "changedBy")]
    [InlineData("""{"eventId":"e1","schemaVersion":1,"storeName":"Zara","storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z","changedBy":["admin"]}""", "changedBy")]
    [InlineData("""{"eventId":"e1","schemaVersion":1,"storeName":"Zara","storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z","changedBy":"admin\r\nBcc: x"}""", "changedBy")]
    [InlineData("{\"storeName\":\"Zara\",\"storeStatus\":\"CLOSED\",\"changedBy\":\"ad\\u0000min\"}", "changedBy")]
    public void Invalid_event_names_the_failing_field(string json, string field)
    {
        var result = StoreAlertEventReader.Read(json, Source, RecordTime);

        Assert.Null(result.Alert);
        Assert.Equal(field, result.Field);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData(",\"changedBy\":null", null)]
    [InlineData(",\"changedBy\":\"  \"", null)]
    [InlineData(",\"changedBy\":\"admin\"", "admin")]
    public void Changed_by_is_optional_and_blank_means_none(string member, string? expected)
    {
        var result = StoreAlertEventReader.Read(
            $$"""{"eventId":"e1","schemaVersion":1,"storeName":"Zara","storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z"{{member}}}""", Source, RecordTime);

        Assert.Equal(expected, result.Alert!.ChangedBy);
    }

    [Fact]
    public void Changed_by_is_kept_up_to_its_limit_and_dead_lettered_beyond_it()
    {
        static ReadResult Read(int length) => StoreAlertEventReader.Read(
            $$"""{"eventId":"e1","schemaVersion":1,"storeName":"Zara","storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z","changedBy":"{{new string('a', length)}}"}""",
            Source, RecordTime);

        Assert.Equal(StoreAlertRules.MaxChangedByLength, Read(StoreAlertRules.MaxChangedByLength).Alert!.ChangedBy!.Length);
        var tooLong = Read(StoreAlertRules.MaxChangedByLength + 1);
        Assert.Null(tooLong.Alert);
        Assert.Equal("changedBy", tooLong.Field);
    }

    [Fact]
    public void Legacy_two_field_message_takes_its_time_from_the_record_and_its_id_from_its_position()
    {
        var result = StoreAlertEventReader.Read("""{"storeName":"Zara","storeStatus":"CLOSED"}""", Source, RecordTime);

        var alert = Assert.IsType<ValidatedAlert>(result.Alert);
        Assert.Equal(("Zara", "CLOSED", RecordTime), (alert.StoreName, alert.StoreStatus, alert.OccurredAt));
        Assert.Null(alert.StoreId);
        Assert.Null(alert.PreviousStatus);
        Assert.Equal(StoreAlertEventReader.LegacyEventId(Source, RecordTime, """{"storeName":"Zara","storeStatus":"CLOSED"}"""), alert.EventId);
        Assert.True(Guid.TryParse(alert.EventId, out _));
    }

    [Fact]
    public void Legacy_event_id_is_the_same_for_a_redelivery_and_differs_by_position()
    {
        Assert.Equal(Id(new("t", 1, 7)), Id(new("t", 1, 7)));
        Assert.NotEqual(Id(new("t", 1, 7)), Id(new("t", 1, 8)));
        Assert.NotEqual(Id(new("t", 1, 7)), Id(new("t", 2, 7)));
        Assert.NotEqual(Id(new("t", 1, 7)), Id(new("u", 1, 7)));
    }

    [Fact]
    public void Legacy_event_id_differs_for_another_message_at_the_same_offset_after_a_broker_reset()
    {
        const string value = """{"storeName":"Zara","storeStatus":"CLOSED"}""";

        Assert.NotEqual(Id(Source, RecordTime, value), Id(Source, RecordTime.AddSeconds(5), value));
        Assert.NotEqual(Id(Source, RecordTime, value), Id(Source, RecordTime, """{"storeName":"Zara","storeStatus":"OPEN"}"""));
    }

    private static string Id(TopicPartitionOffset source, DateTimeOffset? timestamp = null, string value = "{}") =>
        StoreAlertEventReader.LegacyEventId(source, timestamp ?? RecordTime, value);

    [Fact]
    public void Occurred_at_with_an_offset_is_stored_in_UTC()
    {
        var result = StoreAlertEventReader.Read(
            """{"eventId":"e1","schemaVersion":1,"storeName":"Zara","storeStatus":"OPEN","occurredAt":"2026-11-26T22:00:00+01:00"}""", Source, RecordTime);

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 21, 0, 0, TimeSpan.Zero), result.Alert!.OccurredAt);
        Assert.Equal(TimeSpan.Zero, result.Alert.OccurredAt.Offset);
    }
}
