namespace StoreAlerts.Store.Stores;

public static class StoresApi
{
    public static IEndpointRouteBuilder MapStoresApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/stores").WithTags("Stores");

        api.MapGet("/", ListStores.HandleAsync)
            .Produces<StoreResponse[]>().ProducesValidationProblem().WithName("ListStores");
        api.MapGet("/{id}", GetStore.HandleAsync)
            .Produces<StoreResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithName("GetStore");
        api.MapPost("/", CreateStore.HandleAsync)
            .Accepts<StoreRequest>("application/json")
            .Produces<StoreResponse>(StatusCodes.Status201Created).ProducesValidationProblem().WithName("CreateStore");
        api.MapPut("/{id}", UpdateStore.HandleAsync)
            .Accepts<StoreRequest>("application/json")
            .Produces<StoreResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).WithName("UpdateStore");
        api.MapPatch("/{id}", PatchStore.HandleAsync)
            .Accepts<StoreRequest>(PatchStore.MergePatchMediaType, "application/json")
            .Produces<StoreResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).WithName("PatchStore");
        api.MapDelete("/{id}", DeleteStore.HandleAsync)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).WithName("DeleteStore");

        return app;
    }
}
