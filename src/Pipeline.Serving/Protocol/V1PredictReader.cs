using System.Runtime.CompilerServices;
using Pipeline.Protocol.V1;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Protocol;

/// <summary>Reads a V1 <c>{"instances": [{column: value, …}, …]}</c> body into model rows through the protocol codec's <see cref="InstancesReader"/>.</summary>
internal static class V1PredictReader
{
    private static readonly ConditionalWeakTable<ServedModel, InstancesReader> ByModel = [];

    /// <summary>The model's reader (one per model: it caches the model's categories).</summary>
    public static InstancesReader For(ServedModel model) =>
        ByModel.GetValue(model, m => new InstancesReader(m.Columns.Select(c => new InstanceColumn(c.Name, c.Kind == FeatureKind.Categorical)).ToArray()));

    public static ParsedRequest Read(ReadOnlyMemory<byte> body, ServedModel model, int maxRows) => ToParsed(For(model).Read(body, maxRows));

    /// <summary>The thorough reader alone (every problem listed), for tests that compare it with the one-pass reader.</summary>
    internal static ParsedRequest ReadDocument(ReadOnlyMemory<byte> body, ServedModel model, int maxRows) => ToParsed(For(model).ReadDocument(body, maxRows));

    private static ParsedRequest ToParsed(Pipeline.Protocol.Rest.Decoded<Pipeline.Core.Features.FeatureBatch> decoded) =>
        decoded.Ok ? new ParsedRequest { Batch = decoded.Value } : ParsedRequest.Fail(decoded.Problems.Select(p => new FieldError(p.Field, p.Problem)).ToArray());
}
