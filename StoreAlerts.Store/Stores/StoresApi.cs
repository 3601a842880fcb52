using StoreAlerts.ServiceDefaults.Authentication;

namespace StoreAlerts.Store.Stores;

public static class StoresApi
{
    public static IEndpointRouteBuilder MapStoresApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/stores").WithTags("Stores").RequireAuthorization(Roles.User)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/", ListStores.HandleAsync)
            .Produces<StoreResponse[]>().ProducesValidationProblem().WithName("ListStores")
            .WithSummary("A page of stores; X-Total-Count and Link headers as JHipster's");
        api.MapGet("/{id}", GetStore.HandleAsync)
            .Produces<StoreResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithName("GetStore");
        api.MapPost("/", CreateStore.HandleAsync)
            .Accepts<StoreRequest>("application/json")
            .Produces<StoreResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).WithName("CreateStore").RequireAuthorization(Roles.Admin)
            .WithSummary("Creates a store; publishes nothing");
        api.MapPut("/{id}", UpdateStore.HandleAsync)
            .Accepts<StoreRequest>("application/json")
            .Produces<StoreResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).WithName("UpdateStore").RequireAuthorization(Roles.Admin)
            .WithSummary("Replaces a store (If-Match optional) and publishes a store-alert event");
        api.MapPatch("/{id}", PatchStore.HandleAsync)
            .Accepts<StoreRequest>(PatchStore.MergePatchMediaType, "application/json")
            .Produces<StoreResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).WithName("PatchStore").RequireAuthorization(Roles.Admin)
            .WithSummary("JSON merge patch of a store (If-Match optional); publishes a store-alert event");
        api.MapDelete("/{id}", DeleteStore.HandleAsync)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).WithName("DeleteStore").RequireAuthorization(Roles.Admin);

        return app;
    }
}
