namespace StoreAlerts.Gateway.Api;

/// <summary>Either the value a service returned or the problem it reported; pages show whichever came back.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public static ApiResult<T> Ok(T value) => new(value, null);

    public static ApiResult<T> Failed(ApiProblem problem) => new(default, problem);
}
