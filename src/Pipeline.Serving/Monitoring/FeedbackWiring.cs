using Microsoft.AspNetCore.Routing;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Monitoring;

/// <summary>Registers the feedback routes: with a prediction log they keep outcomes; without one they answer that none is kept.</summary>
public static class FeedbackWiring
{
    public static FeedbackStore? Map(IEndpointRouteBuilder app, ServedModel model, PredictionLog? log, int maxBodyBytes)
    {
        if (log is null)
        {
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, "/{v:regex(^v[12]$)}/models/{name}/feedback", ctx =>
                Protocol.JsonResponse.ErrorAsync(ctx, 404,
                    $"this server of '{model.Name}' keeps no prediction log, so it cannot take feedback; start it with --prediction-log <dir> (the deployment does)"));
            return null;
        }
        var store = new FeedbackStore(log, model.Version, TimeProvider.System);
        new FeedbackEndpoints(model, store, maxBodyBytes).Map(app);
        return store;
    }
}
