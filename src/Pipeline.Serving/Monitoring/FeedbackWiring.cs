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
            foreach (var route in new[] { "/v1/models/{name}/feedback", "/v2/models/{name}/feedback" })
                Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, route, ctx =>
                    Protocol.JsonResponse.ErrorAsync(ctx, 404,
                        $"this server of '{model.Name}' keeps no prediction log, so it cannot take feedback; start it with --prediction-log <dir> (the deployment does)"));
            return null;
        }
        var store = new FeedbackStore(log, model.Version, TimeProvider.System);
        new FeedbackEndpoints(model, store, maxBodyBytes).Map(app);
        return store;
    }
}
