using System.Collections.Concurrent;
using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Onnx.Runtime;

namespace Pipeline.Onnx.Scoring;

/// <summary>
/// Scores feature batches with an ONNX model through the feature mapping of model.yaml: one positive-class probability
/// per row. Thread-safe; native input buffers are pooled and reused, batches larger than
/// <see cref="ScorerOptions.MaxBatchRows"/> are split.
/// </summary>
public sealed partial class ModelScorer : IDisposable
{
    private readonly ScoringPlan plan;
    private readonly ScorerOptions options;
    private readonly byte[] positiveLabel;
    private readonly ConcurrentBag<ScoringWorkspace> pool = [];
    private readonly bool ownsSession;
    private volatile bool disposed;

    private ModelScorer(InferenceSession session, FeatureMapping mapping, ScorerOptions options, bool ownsSession)
    {
        Session = session;
        Mapping = mapping;
        this.options = options;
        this.ownsSession = ownsSession;
        plan = ScoringPlan.Build(session, mapping);
        positiveLabel = System.Text.Encoding.UTF8.GetBytes(options.PositiveLabel);
    }

    /// <summary>The underlying session (for raw runs, metadata and signatures).</summary>
    public InferenceSession Session { get; }

    public FeatureMapping Mapping { get; }

    /// <summary>Values written per row: K class probabilities (multiclass), else 1 (positive-class probability, or the regression value).</summary>
    public int Width => Mapping.OutputWidth;

    /// <summary>Feature columns the scorer reads from a batch.</summary>
    public IEnumerable<string> Columns => plan.Feeds.SelectMany(f => f.Columns);

    /// <summary>Opens the model and checks it against the mapping (throws <see cref="ModelMappingException"/> listing every mismatch).</summary>
    public static ModelScorer Open(string onnxPath, FeatureMapping mapping, ScorerOptions? o = null)
    {
        var options = o ?? new ScorerOptions();
        var session = InferenceSession.Open(onnxPath, options.Session);
        try
        {
            return new ModelScorer(session, mapping, options, ownsSession: true);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Scores with an already open session (not disposed with the scorer).</summary>
    public static ModelScorer ForSession(InferenceSession session, FeatureMapping mapping, ScorerOptions? o = null) =>
        new(session, mapping, o ?? new ScorerOptions(), ownsSession: false);

    /// <summary>Positive-class probability (binary), value (regression) or K class probabilities (multiclass, row-major) for every row of the batch.</summary>
    public float[] Score(FeatureBatch batch)
    {
        var result = new float[batch.Rows * Width];
        Score(batch, 0, batch.Rows, result);
        return result;
    }

    /// <summary>Scores rows [start, start+count) of the batch into <paramref name="destination"/>; allocates nothing managed once warmed up.</summary>
    public void Score(FeatureBatch batch, int start, int count, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (start + count > batch.Rows) throw new ArgumentOutOfRangeException(nameof(count), $"rows {start}..{start + count} exceed the batch's {batch.Rows} rows");
        var width = Width;
        if (destination.Length < count * width) throw new ArgumentException($"destination holds {destination.Length} values, {count} rows of {width} requested", nameof(destination));
        if (count == 0)
        {
            RequireColumns(batch);
            return;
        }
        // Otherwise the workspace's Fill finds every column once and names a missing one the same way (one lookup per column, not two).
        var workspace = Rent();
        try
        {
            for (var offset = 0; offset < count; offset += workspace.Capacity)
            {
                var n = Math.Min(workspace.Capacity, count - offset);
                RunChunk(workspace, batch, start + offset, n, destination.Slice(offset * width, n * width));
            }
        }
        finally
        {
            pool.Add(workspace);
        }
    }

    private void RunChunk(ScoringWorkspace workspace, FeatureBatch batch, int start, int count, Span<float> destination)
    {
        try
        {
            workspace.Fill(batch, start, count);
            if (workspace.Output is not null)
            {
                try
                {
                    workspace.Run();
                }
                catch (OnnxRuntimeException)
                {
                    // Re-run with ORT allocating the output: the model's own error, or its real output shape, is reported.
                    using var actual = workspace.RunWithRuntimeOutput();
                    ReadProbabilities(actual[0], count, destination);
                    return;
                }
                ReadProbabilities(workspace, count, destination);
                return;
            }
            workspace.Run();
            using var outputs = workspace.TakeDeviceOutputs();
            ReadProbabilities(outputs[0], count, destination);
        }
        finally
        {
            workspace.ReleaseValues();
        }
    }

    private void RequireColumns(FeatureBatch batch)
    {
        // Indexed loops: enumerating IReadOnlyList through the interface would allocate on every call.
        for (var f = 0; f < plan.Feeds.Count; f++)
        {
            var feed = plan.Feeds[f];
            for (var c = 0; c < feed.Columns.Count; c++)
            {
                var column = feed.Columns[c];
                if (feed.Categorical ? !batch.Categorical.ContainsKey(column) : !batch.Numeric.ContainsKey(column))
                    throw MissingColumn(feed, column, Session);
            }
        }
    }

    internal static KeyNotFoundException MissingColumn(InputFeed feed, string column, InferenceSession session) => new(
        $"feature batch has no {(feed.Categorical ? "categorical" : "numeric")} column {column}, which the mapping feeds to input {feed.InputName} of {session.Source}");

    private ScoringWorkspace Rent() => pool.TryTake(out var w) ? w : new ScoringWorkspace(plan, Session, Math.Max(1, options.MaxBatchRows));

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        while (pool.TryTake(out var w)) w.Dispose();
        if (ownsSession) Session.Dispose();
    }
}
