using System.Net;
using System.Text;
using StoreAlerts.Store.Tests.Hosting;

namespace StoreAlerts.Store.Tests.Stores;

/// <summary>Bodies no client should send: each is a 4xx problem, and nothing is written.</summary>
public sealed class HostileInputTests(StoreApp app) : IClassFixture<StoreApp>
{
    private const int Limit = 64 * 1024;
    private readonly StoreClient _client = app.CreateStoreClient();

    [Theory]
    [InlineData("""{"name":"\ud800","address":"x"}""", "name")]
    [InlineData("""{"name":"Zara","address":"Gran Via \udfff 32"}""", "address")]
    [InlineData("""{"name":"Zara","address":"x","status":"\ud800"}""", "status")]
    [InlineData("""{"name":"Zara","address":"x","extra":{"deeper":["\udc00"]}}""", "extra")]
    public async Task A_lone_surrogate_is_a_400_naming_the_member_and_creates_nothing(string body, string field)
    {
        var before = await TotalAsync();

        using var response = await _client.SendRawAsync(HttpMethod.Post, "/api/stores", body);

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(before, await TotalAsync());
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_member_name_is_a_400_problem()
    {
        using var response = await _client.SendRawAsync(HttpMethod.Post, "/api/stores", """{"\ud800":"x","name":"Zara","address":"x"}""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_a_400_problem_on_create_and_update()
    {
        var store = await _client.CreateAsync("Utf8");
        var id = store.GetProperty("id").GetString()!;
        byte[] body = [.. "{\"name\":\"Za"u8, 0xC3, 0x28, .. "ra\",\"address\":\"x\"}"u8];
        var before = await TotalAsync();

        using var create = await SendBytesAsync(HttpMethod.Post, "/api/stores", body);
        using var update = await SendBytesAsync(HttpMethod.Put, $"/api/stores/{id}", body);

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Equal("application/problem+json", create.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        Assert.Equal(before, await TotalAsync());
        Assert.Equal(store.ToString(), (await _client.FindAsync(id)).ToString());
    }

    [Fact]
    public async Task Deep_nesting_is_a_400_problem()
    {
        var body = "{\"name\":\"Zara\",\"address\":\"x\",\"deep\":" + new string('[', 5000) + new string(']', 5000) + "}";

        using var response = await _client.SendRawAsync(HttpMethod.Post, "/api/stores", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_a_413_problem_even_when_it_would_be_valid_and_creates_nothing()
    {
        var before = await TotalAsync();

        using var tooLarge = await _client.SendRawAsync(HttpMethod.Post, "/api/stores", Padded(Limit + 1));
        using var justUnder = await _client.SendRawAsync(HttpMethod.Post, "/api/stores", Padded(Limit));

        await tooLarge.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(HttpStatusCode.Created, justUnder.StatusCode);
        Assert.Equal(long.Parse(before) + 1, long.Parse(await TotalAsync()));
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_a_413_problem_without_reading_it_all()
    {
        var store = await _client.CreateAsync("Chunked");
        var id = store.GetProperty("id").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/stores/{id}")
        {
            // No Content-Length: the service cannot tell the size up front and must stop reading at the limit.
            Content = new StreamContent(new EndlessJson()),
        };
        request.Content.Headers.ContentType = new("application/merge-patch+json");

        using var response = await _client.Http.SendAsync(request, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(store.ToString(), (await _client.FindAsync(id)).ToString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_json_is_a_415_problem_and_creates_nothing(string mediaType)
    {
        var before = await TotalAsync();

        using var response = await _client.SendRawAsync(HttpMethod.Post, "/api/stores", """{"name":"Zara","address":"x"}""", mediaType);

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await TotalAsync());
    }

    [Theory]
    [InlineData("6650A1B2C3D4E5F601234567")]
    [InlineData("%20")]
    [InlineData("6650a1b2c3d4e5f60123456")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    public async Task Ids_that_are_not_the_exact_lowercase_form_are_not_found(string id)
    {
        using var response = await _client.GetAsync($"/api/stores/{id}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_uppercase_spelling_of_an_existing_id_is_not_found_and_cannot_update_it()
    {
        var store = await _client.CreateAsync("Case");
        var id = store.GetProperty("id").GetString()!;

        using var get = await _client.GetAsync($"/api/stores/{id.ToUpperInvariant()}");
        using var put = await _client.PutAsync(id.ToUpperInvariant(), new { name = "Renamed", address = "x" });

        await get.AssertProblemAsync(HttpStatusCode.NotFound);
        await put.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(store.ToString(), (await _client.FindAsync(id)).ToString());
    }

    private static string Padded(int totalBytes)
    {
        const string Head = """{"name":"Padded","address":"x","padding":" """;
        return Head + new string('p', totalBytes - Head.Length - 2) + "\"}";
    }

    private async Task<HttpResponseMessage> SendBytesAsync(HttpMethod method, string path, byte[] body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        return await _client.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<string> TotalAsync()
    {
        using var response = await _client.GetAsync("/api/stores?size=1");
        return response.Headers.GetValues("X-Total-Count").Single();
    }

    /// <summary>A JSON object that never ends; counts how much of it was read.</summary>
    private sealed class EndlessJson : Stream
    {
        private static readonly byte[] Start = Encoding.UTF8.GetBytes("{\"name\":\"");
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            // Ten megabytes at most, so a service that reads everything fails the test instead of hanging it.
            if (_position >= 10 * 1024 * 1024)
            {
                return 0;
            }

            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = _position + i < Start.Length ? Start[_position + i] : (byte)'x';
            }

            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
