namespace StoreAlerts.Testing;

/// <summary>
/// The paging rules both services share, as one test set: <c>page</c> a whole number ≥ 0, <c>size</c> 1 to 100,
/// and page × size at most 2,147,483,647 (the offset must fit the databases' 32-bit skip).
/// </summary>
public static class PagingCases
{
    /// <summary>A query string and the parameter the 400 problem must name.</summary>
    public static TheoryData<string, string> Refused => new()
    {
        { "page=-1", "page" },
        { "page=x", "page" },
        { "page=1.5", "page" },
        { "page=%2B1", "page" },
        { "page=%201", "page" },
        { "page=1e3", "page" },
        { "page=2147483648", "page" },
        { "page=99999999999999999999", "page" },
        { "page=21474837&size=100", "page" },
        { "page=2147483647&size=2", "page" },
        { "size=0", "size" },
        { "size=-1", "size" },
        { "size=101", "size" },
        { "size=1000", "size" },
        { "size=2147483648", "size" },
        { "size=%EF%BC%91", "size" },
    };

    /// <summary>Extremes that are allowed: a 200 with an (empty, this far out) page.</summary>
    public static TheoryData<string> Accepted => new()
    {
        "page=0&size=1",
        "size=100",
        "page=21474836&size=100",
        "page=2147483647&size=1",
        "page=",
    };
}
