using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Bson.Serialization.Serializers;
using StoreAlerts.Store.Outbox;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Persistence;

/// <summary>BSON mapping kept out of the domain classes: camelCase names, ObjectId ids, enums as strings, standard GUIDs.</summary>
internal static class MongoStoreMapping
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    public static void Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            ConventionRegistry.Register("StoreAlerts.Store",
                new ConventionPack { new CamelCaseElementNameConvention(), new IgnoreExtraElementsConvention(true) },
                type => type == typeof(StoreDocument) || type == typeof(PendingEvent));

            BsonClassMap.RegisterClassMap<StoreDocument>(map =>
            {
                map.AutoMap();
                map.MapIdMember(s => s.Id).SetSerializer(new StringSerializer(BsonType.ObjectId));
                map.MapMember(s => s.Status).SetSerializer(new NullableSerializer<StoreStatus>(new EnumSerializer<StoreStatus>(BsonType.String)));
                map.MapMember(s => s.DeletedAt).SetIgnoreIfNull(true);
                map.MapMember(s => s.PendingEvents).SetShouldSerializeMethod(s => ((StoreDocument)s).PendingEvents.Count > 0);
            });
            BsonClassMap.RegisterClassMap<PendingEvent>(map =>
            {
                map.AutoMap();
                map.MapMember(e => e.EventId).SetSerializer(new GuidSerializer(GuidRepresentation.Standard));
            });
            _registered = true;
        }
    }
}
