using System.Text;
using CsCheck;

namespace StoreAlerts.AppHost.Tests.System;

/// <summary>
/// A request no well-behaved client sends, with a description that says what makes it hostile. Header values stay ASCII:
/// HttpClient refuses anything else before it is sent.
/// </summary>
public sealed record HostileRequest(HttpMethod Method, string Path, byte[]? Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers,
    string What)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    public override string ToString() =>
        $"{Method} {Path} [{What}] content-type={ContentType} headers={string.Join("; ", Headers.Select(h => $"{h.Name}: {Shorten(h.Value)}"))} " +
        $"body({Body?.Length ?? 0})={(Body is null ? "" : Shorten(Encoding.UTF8.GetString(Body)))}";

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;
}

/// <summary>
/// Generators of hostile requests for each endpoint. Every write they make is invalid in at least one way (so whatever
/// else it holds, nothing may change); list queries may be valid or not, and must never fail the server.
/// </summary>
public static class HostileRequests
{
    private const string Stores = "/services/store/api/stores";
    private const string Alerts = "/services/alert/api/store-alerts";

    private static readonly Gen<string> Texts = Gen.OneOf(
        Gen.OneOf("Zara", "Gran Via 32", "", " ", "OPEN", "CLOSED", "null", "é", "𝄞", "\u202e", "<script>", "' OR 1=1 --", "{\"$gt\":\"\"}"),
        Gen.String[Gen.Char, 0, 40],
        Gen.String[Gen.Char['\0', '\u001f'], 1, 5],
        Gen.Int[201, 5_000].Select(n => new string('n', n)));

    /// <summary>A JSON string literal, sometimes with escapes that are not text (lone surrogates) or control characters.</summary>
    private static readonly Gen<string> JsonStrings = Gen.OneOf(
        Texts.Select(t => global::System.Text.Json.JsonSerializer.Serialize(t)),
        Gen.OneOf("\"\\ud800\"", "\"Za\\udfffra\"", "\"\\udc00\\ud800\"", "\"a\\u0000b\"", "\"\\u0007\"", "\"x\\u009f\""));

    private static readonly Gen<string> JsonValues = Gen.OneOf(
        JsonStrings,
        Gen.OneOf("null", "true", "false", "0", "-1", "1e999", "1.5", "[]", "{}", "[\"OPEN\"]", "{\"name\":\"x\"}", "123456789012345678901234567890"));

    /// <summary>A member that is wrong whatever the rest of the body says.</summary>
    private static readonly Gen<string> BadMembers = Gen.OneOf(
        Gen.OneOf("\"name\":null", "\"name\":42", "\"name\":[]", "\"name\":\"\"", "\"name\":\"\\ud800\"", "\"name\":\"a\\u0001b\"",
            "\"address\":{}", "\"address\":\"   \"", "\"address\":\"\\udfff\"", "\"status\":\"open\"", "\"status\":\"AJAR\"", "\"status\":1",
            "\"version\":0", "\"version\":-3", "\"version\":\"1\"", "\"version\":1.5", "\"id\":\"6650a1b2c3d4e5f601234567\"", "\"id\":7"),
        Gen.Int[201, 3_000].Select(n => $"\"name\":\"{new string('x', n)}\""),
        Gen.Int[501, 3_000].Select(n => $"\"address\":\"{new string('a', n)}\""),
        Gen.Int[17, 3_000].Select(depth => $"\"deep\":{new string('[', depth)}{new string(']', depth)}"));

    private static readonly Gen<string> AnyMembers = Gen.OneOf(
        JsonValues.Select(v => $"\"name\":{v}"),
        JsonValues.Select(v => $"\"address\":{v}"),
        JsonValues.Select(v => $"\"status\":{v}"),
        JsonValues.Select(v => $"\"version\":{v}"),
        JsonValues.Select(v => $"\"extra\":{v}"),
        JsonStrings.Select(k => $"{k}:\"x\""));

    /// <summary>A JSON object with at least one bad member among any others, in any order.</summary>
    private static readonly Gen<byte[]> InvalidObjects =
        from bad in BadMembers
        from others in AnyMembers.Array[0, 4]
        from at in Gen.Int[0, 4]
        select Encoding.UTF8.GetBytes("{" + string.Join(",", others.Take(at).Append(bad).Concat(others.Skip(at))) + "}");

    private static readonly Gen<byte[]> Bodies = Gen.Frequency(
        (6, InvalidObjects),
        (1, Gen.OneOf("", "{", "}", "[", "{\"name\":", "{\"name\":\"Zara\",}", "{'name':'Zara'}", "nul", "[{\"name\":\"Zara\",\"address\":\"x\"}]",
            "\"Zara\"", "42", "{\"name\":\"Zara\" \"address\":\"x\"}", "\ufeff{}x").Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Byte.Array[1, 300]),
        (1, Gen.OneOf(new byte[] { 0xC3, 0x28 }, [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF]).Select(bad =>
            (byte[])[.. "{\"name\":\"Za"u8, .. bad, .. "ra\",\"address\":\"x\",\"status\":\"AJAR\"}"u8])),
        (1, Gen.Int[64 * 1024 + 1, 300 * 1024].Select(n => Encoding.UTF8.GetBytes("{\"name\":\"" + new string('z', n) + "\"}"))));

    private static readonly Gen<string?> ContentTypes = Gen.Frequency(
        (8, Gen.Const<string?>("application/json")),
        (2, Gen.Const<string?>("application/merge-patch+json")),
        (3, Gen.OneOf<string?>(null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json; charset=utf-16",
            "application/json; charset=ebcdic", "*/*", "application/", ";;;", "multipart/form-data; boundary=x")));

    private static readonly Gen<string> IfMatches = Gen.OneOf("\"01\"", "\" 1\"", "\"+1\"", "\"1 \"", "W/\"1\"", "\"0\"", "\"-1\"", "\"1.0\"", "1",
        "\"99999999999999999999\"", "\"abc\"", "\"", "\"\"", "\"2\", \"3\"", ",", "\"1\"x", "\"\\u0031\"", new string('"', 3));

    private static readonly Gen<(string Name, string Value)> HeaderValues = Gen.OneOf(
        Gen.OneOf("text/html", "application/xml", "*/*", "application/json", "application/problem+json", "image/*;q=0.1", ";;", "")
            .Select(v => ("Accept", v)),
        Gen.OneOf("not-an-ip", "999.1.1.1", "127.0.0.1, ::1", new string('1', 2_000)).Select(v => ("X-Forwarded-For", v)),
        Gen.OneOf("00-zzzz-zz-01", "garbage", new string('0', 55)).Select(v => ("traceparent", v)),
        Gen.String[Gen.Char[' ', '~'], 0, 2_000].Select(v => ("X-Anything", v)),
        Gen.OneOf("gzip", "br", "identity;q=0", "x-unknown;q=2").Select(v => ("Accept-Encoding", v)));

    private static readonly Gen<(string Name, string Value)[]> Headers = HeaderValues.Array[0, 3];

    /// <summary>
    /// Ids that are not a live store (the victim's uppercase spelling, unknown, malformed, hostile paths). No NUL (%00): Kestrel
    /// refuses such a path before any application code runs, with a bare 400 no middleware can turn into a problem.
    /// </summary>
    private static Gen<string> BadStoreIds(string victim) => Gen.OneOf(
        Gen.OneOf(victim.ToUpperInvariant(), victim[..23], victim + "0", "6650a1b2c3d4e5f601234567", "000000000000000000000000", "%20", "null",
            "..%2F..%2Fetc%2Fpasswd", "%ED%A0%80", "%C3%28", "%FF", "x%0Ay", "%E2%80%AE", "{\"$ne\":null}", "'", "-1", "1e3"),
        Gen.String[Gen.Char['0', 'z'], 1, 40].Select(Uri.EscapeDataString),
        Gen.Int[25, 2_000].Select(n => new string('a', n)));

    public static Gen<HostileRequest> CreateStore =>
        from body in Bodies
        from type in ContentTypes
        from headers in Headers
        select new HostileRequest(HttpMethod.Post, Stores, body, type, headers, "create");

    public static Gen<HostileRequest> UpdateStore(string victim) =>
        from method in Gen.OneOf(HttpMethod.Put, HttpMethod.Patch)
        from id in Gen.Frequency((3, Gen.Const(victim)), (1, BadStoreIds(victim)))
        from body in Bodies
        from type in ContentTypes
        from ifMatch in Gen.Frequency((1, Gen.Const((string?)null)), (1, IfMatches.Select(m => (string?)m)))
        from headers in Headers
        select new HostileRequest(method, $"{Stores}/{id}", body, type, IfMatch(headers, ifMatch), "update");

    /// <summary>Deletes of the live victim always carry a stale or malformed <c>If-Match</c>; other ids are not stores.</summary>
    public static Gen<HostileRequest> DeleteStore(string victim) =>
        from target in Gen.Frequency(
            (1, IfMatches.Select(m => (Id: victim, IfMatch: (string?)m))),
            (1, BadStoreIds(victim).Select(id => (Id: id, IfMatch: (string?)null))))
        from body in Gen.Frequency((3, Gen.Const((byte[]?)null)), (1, Bodies.Select(b => (byte[]?)b)))
        from headers in Headers
        select new HostileRequest(HttpMethod.Delete, $"{Stores}/{target.Id}", body, "application/json", IfMatch(headers, target.IfMatch), "delete");

    /// <summary>Resends of alerts that are not there or cannot be sent again (their email is not Failed).</summary>
    public static Gen<HostileRequest> ResendAlert(IReadOnlyList<long> sentAlerts) =>
        from id in Gen.OneOf(
            Gen.OneOf("0", "-1", "9223372036854775807", "9223372036854775808", "99999999999999999999", "1.5", "0x10", "abc", "1%0A",
                "%ED%A0%80", " 1", "+1"),
            Gen.Long[100_000_000, long.MaxValue].Select(l => l.ToString()),
            sentAlerts.Count > 0 ? Gen.OneOf(sentAlerts.Select(a => a.ToString()).ToArray()) : Gen.Const("424242424242"))
        from body in Gen.Frequency((3, Gen.Const((byte[]?)null)), (1, Bodies.Select(b => (byte[]?)b)))
        from type in ContentTypes
        from headers in Headers
        select new HostileRequest(HttpMethod.Post, $"{Alerts}/{id}/resend", body, type, headers, "resend");

    private static readonly Gen<string> QueryValues = Gen.OneOf(
        Gen.OneOf("0", "1", "-1", "100", "101", "2147483647", "2147483648", "21474837", "99999999999999999999", "1.5", "1e3", "+1", "%201", "0x1",
            "%EF%BC%91", "", "%00", "%ED%A0%80", "%C3%28", "%FF", "%", "%%", "%G1", "null", "name,asc", "name,desc", "password,asc", "id,up",
            "createTimestamp,desc", "occurredAt,asc", "storeName", ",", ",,,", "OPEN", "CLOSED", "open", "AJAR", "za", "%E2%80%AE"),
        Gen.Int.Select(i => i.ToString()),
        Gen.Long.Select(l => l.ToString()),
        Gen.String[Gen.Char, 0, 30].Select(Uri.EscapeDataString),
        Gen.Int[150, 2_500].Select(n => new string('q', n)));

    private static Gen<HostileRequest> List(string path, string[] parameters) =>
        from pairs in (from name in Gen.OneOf(parameters.Append("page").Append("size").Append("sort").Append("x").Append("%00").ToArray())
                       from value in QueryValues
                       select $"{name}={value}").Array[0, 5]
        from headers in Headers
        select new HostileRequest(HttpMethod.Get, pairs.Length == 0 ? path : $"{path}?{string.Join("&", pairs)}", null, null, headers, "list");

    public static Gen<HostileRequest> ListStores => List(Stores, ["name", "status"]);

    public static Gen<HostileRequest> ListAlerts => List(Alerts, ["storeName", "status"]);

    private static (string Name, string Value)[] IfMatch((string Name, string Value)[] headers, string? ifMatch) =>
        ifMatch is null ? headers : [.. headers, ("If-Match", ifMatch)];
}
