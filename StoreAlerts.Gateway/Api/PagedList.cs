namespace StoreAlerts.Gateway.Api;

/// <summary>One page of a list, with the total the service reported in <c>X-Total-Count</c>.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, long Total, int Page, int Size)
{
    public int PageCount => Total == 0 ? 1 : (int)((Total + Size - 1) / Size);
}
