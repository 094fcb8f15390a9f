using System.Globalization;

namespace Pipeline.Deployment.Judge;

/// <summary>Sequential canary analysis: fed one observation per scrape, decides continue / advance / promote / roll back
/// as soon as the evidence allows, with the false-rollback probability bounded by the policy's budget.</summary>
/// <remarks>Pure: a function of the observations (which carry their own time), so rollouts can be simulated offline.
/// Each judged step runs fresh sequential tests per metric at alpha = budget / (steps × metrics), so the whole rollout's
/// false-rollback probability stays within the budget (Bonferroni).</remarks>
public sealed partial class CanaryJudge
{
    private readonly JudgeSettings _settings;
    private readonly IReadOnlyList<double> _steps;
    private long _stableRequests;
    private long _stableErrors;
    private HistogramCounts? _stableLatency;
    private HistogramCounts? _stableScores;
    private LabelledStats _stableQuality;
    private readonly LabelledStats _canaryQuality;
    private StepState _step = null!;
    private int _stepIndex;
    private readonly DateTimeOffset _deadline;

    /// <param name="baseline">Stable evidence gathered by an earlier stage (a blue-green bake is judged against the old stable's pre-switch baseline).</param>
    /// <param name="rolloutStarted">When the rollout began (before planning or an earlier stage): its time budget counts from there; defaults to <paramref name="start"/>.</param>
    public CanaryJudge(JudgeSettings settings, DateTimeOffset start, StableBaseline? baseline = null, DateTimeOffset? rolloutStarted = null)
    {
        if (settings.Steps.Count == 0 || settings.Steps[^1] != 100)
            throw new ArgumentException("rollout steps must end at 100 %", nameof(settings));
        _settings = settings;
        _stableQuality = new LabelledStats(settings.QualitySquaredError);
        _canaryQuality = new LabelledStats(settings.QualitySquaredError);
        _steps = settings.StageWeights;
        _deadline = (rolloutStarted ?? start) + settings.MaxRolloutDuration;
        if (baseline is not null)
            (_stableRequests, _stableErrors, _stableLatency, _stableScores, _stableQuality) =
                (baseline.Requests, baseline.Errors, baseline.Latency, baseline.Scores, baseline.Quality?.Copy() ?? new LabelledStats(settings.QualitySquaredError));
        StartStep(0, start);
    }

    /// <summary>Everything stable showed so far: the baseline for a later stage.</summary>
    public StableBaseline Baseline => new(_stableRequests, _stableErrors, _stableLatency, _stableScores, _stableQuality.Copy());

    public double CurrentWeightPercent => _steps[_stepIndex];
    public int StepIndex => _stepIndex;
    public JudgeDecision? Final { get; private set; }

    public JudgeDecision Observe(JudgeObservation o)
    {
        if (Final is not null) return Final;
        _stableRequests += o.Stable.Requests;
        _stableErrors += o.Stable.Errors;
        _stableLatency = _stableLatency is null ? o.Stable.Latency : _stableLatency.Plus(o.Stable.Latency);
        _stableScores = _stableScores is null ? o.Stable.Scores : _stableScores.Plus(o.Stable.Scores);
        _step.Add(o.Canary);
        _stableQuality.Add(o.Stable.Labelled);
        _canaryQuality.Add(o.Canary.Labelled);

        var metrics = new List<MetricAssessment>
        {
            AssessErrors(o.Canary),
            AssessLatency(o.Canary),
            AssessScores(),
            AssessShadow(o.Canary),
            AssessQuality(),
        };
        var elapsed = o.Time - _step.Started;
        var breached = metrics.Where(m => m.Status == MetricStatus.Breached).ToList();
        JudgeDecision decision;
        if (breached.Count > 0)
        {
            decision = Decide(JudgeAction.Rollback, metrics, elapsed,
                $"roll back {Where} after {Secs(elapsed)}: " + string.Join("; ", breached.Select(b => b.ToString())));
        }
        else if (_settings.Stage == JudgeStage.Bake && elapsed >= _settings.MaxStepDuration)
        {
            // The bake is a fixed window on a version that already serves everyone: it ends when the window does, however much traffic came.
            var why = $"bake window of {Secs(_settings.MaxStepDuration)} ended with {_step.Requests} requests on the new stable and no breach; " +
                      "the new stable stays (previous stays warm for a manual Rollback)";
            decision = Decide(JudgeAction.Pass, metrics, elapsed, why);
        }
        else if (_settings.Stage != JudgeStage.Bake && metrics.All(CanPass) && _step.Requests >= _settings.MinRequestsPerStep)
        {
            var why = $"{StageName} passed after {Secs(elapsed)} and {_step.Requests} canary requests: every metric healthy" +
                      (metrics.Any(m => m.Status == MetricStatus.Collecting) ? " (online quality not breached, still undecided on the labels so far)" : "");
            var advance = Pass(why, metrics, elapsed, o.Time);
            if (advance is not null) return advance;
            decision = Final!;
        }
        else if (_settings.Stage != JudgeStage.Bake && o.Time >= _deadline)
        {
            decision = Inconclusive(metrics, elapsed);
        }
        else if (_settings.Stage != JudgeStage.Bake && elapsed >= _settings.MaxStepDuration && _step.Requests >= _settings.MinRequestsPerStep && !LastCanaryStep)
        {
            // Nothing breached on a full step of traffic: the undecided tests carry their evidence into the next step, with more
            // traffic. Rolling back here would turn slow evidence into false rollbacks.
            var open = metrics.Where(m => m.Status == MetricStatus.Collecting).Select(m => m.Metric).ToList();
            var why = $"{StageName} reached its maximum {Secs(_settings.MaxStepDuration)} with {_step.Requests} canary requests " +
                      $"and no breach (still undecided: {string.Join(", ", open)})";
            var advance = Pass(why, metrics, elapsed, o.Time);
            if (advance is not null) return advance;
            decision = Final!;
        }
        else if (_settings.Stage != JudgeStage.Bake && elapsed >= _settings.MaxStepDuration && !_step.Extended)
        {
            // Too little evidence is not a failure: the step goes on at its weight within the rollout's budget.
            _step.Extended = true;
            var lacking = _step.Requests < _settings.MinRequestsPerStep
                ? $"only {_step.Requests} of {_settings.MinRequestsPerStep} canary requests"
                : $"{_step.Requests} canary requests and still undecided ({string.Join(", ", metrics.Where(m => !CanPass(m)).Select(m => m.Metric))}); " +
                  "the last step promotes only on evidence";
            decision = Decide(JudgeAction.Extend, metrics, elapsed,
                $"{StageName} extended: {lacking} after {Secs(elapsed)} ({Rate(elapsed)} canary requests/s) and no breach; " +
                $"it goes on for up to {Secs(_deadline - o.Time)} more (the rollout's budget)");
        }
        else
        {
            decision = Decide(JudgeAction.Continue, metrics, elapsed, $"collecting {Where} ({_step.Requests} canary requests, {Secs(elapsed)})");
        }
        if (decision.IsFinal) Final = decision;
        return decision;
    }

    /// <summary>The step whose pass promotes: it needs every test's acceptance, since no later step would judge what it left undecided.</summary>
    private bool LastCanaryStep => _settings.Stage == JudgeStage.Canary && _steps[_stepIndex + 1] >= 100;

    private JudgeDecision Inconclusive(IReadOnlyList<MetricAssessment> metrics, TimeSpan elapsed)
    {
        var open = metrics.Where(m => m.Status == MetricStatus.Collecting).Select(m => m.Metric).ToList();
        return Decide(JudgeAction.Inconclusive, metrics, elapsed,
            $"inconclusive {Where}: the rollout's budget of {Secs(_settings.MaxRolloutDuration)} ran out with no breach and {_step.Requests} " +
            $"canary requests in this step (minimum {_settings.MinRequestsPerStep}" + (open.Count > 0 ? $"; still undecided: {string.Join(", ", open)}" : "") +
            "): too little traffic to decide either way, not evidence of a fault");
    }

    private string Rate(TimeSpan elapsed) =>
        (elapsed.TotalSeconds > 0 ? _step.Requests / elapsed.TotalSeconds : 0).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Moves to the next step (returning the Advance decision) or promotes (setting <see cref="Final"/>, returning null).</summary>
    private JudgeDecision? Pass(string why, IReadOnlyList<MetricAssessment> metrics, TimeSpan elapsed, DateTimeOffset now)
    {
        if (_settings.Stage == JudgeStage.Shadow)
        {
            Final = Decide(JudgeAction.Pass, metrics, elapsed, why + "; the candidate leaves shadow");
            return null;
        }
        var next = _stepIndex + 1;
        if (_steps[next] >= 100)
        {
            Final = Decide(JudgeAction.Promote, metrics, elapsed, why + "; promote");
            return null;
        }
        var advance = Decide(JudgeAction.Advance, metrics, elapsed, why + $"; advance to {Pct(_steps[next])}") with { NextWeightPercent = _steps[next] };
        StartStep(next, now);
        return advance;
    }

    private MetricAssessment AssessErrors(VariantSample canary)
    {
        var (p0, p1) = _settings.ErrorHypotheses(WilsonUpper(_stableErrors, _stableRequests, z: BoundZ),
            WilsonLower(_stableErrors, _stableRequests, z: EstimateZ));
        var test = _step.Errors;
        test.Add(canary.Requests, canary.Errors, p0, p1);
        return new MetricAssessment
        {
            Metric = "error_rate",
            Canary = Rate(test.Events, test.Trials),
            Stable = Rate(_stableErrors, _stableRequests),
            Threshold = $"H0 p ≤ {Pct(p0 * 100, 2)} vs H1 p ≥ {Pct(p1 * 100, 2)}",
            CanarySamples = test.Trials,
            StableSamples = _stableRequests,
            Statistic = Sprt(test),
            Status = ToStatus(test.State),
        };
    }

    private MetricAssessment AssessLatency(VariantSample canary)
    {
        var test = _step.Latency;
        if (_stableLatency is null || _stableLatency.Total < _settings.MinStableLatencySamples)
        {
            return Collecting("latency_p99", $"stable has {_stableLatency?.Total ?? 0} of {_settings.MinStableLatencySamples} latency samples needed for a baseline");
        }
        var stableP99 = _stableLatency.Quantile(0.99);
        var bar = stableP99 + _settings.LatencyMarginSeconds;
        var bounds = _stableLatency.UpperBounds;
        var index = Array.FindIndex(bounds, b => b >= bar);
        if (index < 0) index = bounds.Length - 1;
        test.Add(canary.Latency.Total, canary.Latency.CountAbove(index), _settings.LatencyH0Share, _settings.LatencyH1Share);
        var canaryP99 = _step.LatencyHistogram?.Quantile(0.99) ?? double.NaN;
        return new MetricAssessment
        {
            Metric = "latency_p99",
            Canary = Ms(canaryP99),
            Stable = Ms(stableP99),
            Threshold = $"share above {Ms(bounds[index])} (stable p99 + {Ms(_settings.LatencyMarginSeconds)}): H0 ≤ {Pct(_settings.LatencyH0Share * 100)} vs H1 ≥ {Pct(_settings.LatencyH1Share * 100)}; above now {test.Events}",
            CanarySamples = test.Trials,
            StableSamples = _stableLatency.Total,
            Statistic = Sprt(test),
            Status = ToStatus(test.State),
        };
    }

    private MetricAssessment AssessScores()
    {
        if (_step.Psi is { } done) return done;
        var canaryScores = _step.ScoreHistogram;
        var n = canaryScores?.Total ?? 0;
        if (canaryScores is null || _stableScores is null || n < _settings.MinScoreSamples || _stableScores.Total < _settings.MinScoreSamples)
            return Collecting("score_psi", $"canary {n} / stable {_stableScores?.Total ?? 0} of {_settings.MinScoreSamples} scores needed");
        var r = ScoreShiftTest.Compare(_stableScores, canaryScores);
        var breached = r.Psi > _settings.MaxScorePsi && r.PValue < _settings.TestAlpha;
        // One look per step: the alpha is spent here, so the result stands for the rest of the step.
        _step.Psi = new MetricAssessment
        {
            Metric = "score_psi",
            Canary = F(r.Psi, 4),
            Stable = "reference",
            Threshold = $"PSI ≤ {F(_settings.MaxScorePsi, 2)} unless chi-square p < α={F(_settings.TestAlpha, 5)}",
            CanarySamples = n,
            StableSamples = _stableScores.Total,
            Statistic = $"chi2={F(r.ChiSquare, 2)} df={r.DegreesOfFreedom} p={F(r.PValue, 6)} over {r.Bins} bins",
            Status = breached ? MetricStatus.Breached : MetricStatus.Healthy,
        };
        return _step.Psi;
    }

    private MetricAssessment AssessShadow(VariantSample canary)
    {
        var test = _step.Shadow;
        if (test.Trials == 0 && canary.ShadowComparisons == 0)
        {
            return new MetricAssessment
            {
                Metric = "shadow_disagreement", Canary = "n/a", Stable = "n/a", Threshold = "only with the shadow strategy",
                Statistic = "no shadow comparisons", Status = MetricStatus.Healthy,
            };
        }
        var p1 = _settings.MaxShadowDisagreement;
        test.Add(canary.ShadowComparisons, canary.ShadowDisagreements, p1 / 5, p1);
        return new MetricAssessment
        {
            Metric = "shadow_disagreement",
            Canary = Rate(test.Events, test.Trials),
            Stable = "reference",
            Threshold = $"H0 ≤ {Pct(p1 * 20, 2)} vs H1 ≥ {Pct(p1 * 100, 2)}",
            CanarySamples = test.Trials,
            Statistic = Sprt(test),
            Status = ToStatus(test.State),
        };
    }

    private string Where => _settings.Stage switch
    {
        JudgeStage.Shadow => $"in shadow ({Pct(CurrentWeightPercent)} of requests mirrored, users served by stable)",
        JudgeStage.Bake => "in the bake window (new stable at 100 %, previous kept warm)",
        _ => $"at {Pct(CurrentWeightPercent)}",
    };

    private string StageName => _settings.Stage switch
    {
        JudgeStage.Shadow => $"shadow ({Pct(CurrentWeightPercent)} mirrored)",
        JudgeStage.Bake => "bake window",
        _ => $"step {Pct(CurrentWeightPercent)}",
    };

    private void StartStep(int index, DateTimeOffset at)
    {
        _stepIndex = index;
        _step = new StepState(at, _settings, _step, LastCanaryStep);
    }

    private JudgeDecision Decide(JudgeAction action, IReadOnlyList<MetricAssessment> metrics, TimeSpan elapsed, string reason) => new()
    {
        Action = action,
        Stage = _settings.Stage,
        StepIndex = _stepIndex,
        StepWeightPercent = CurrentWeightPercent,
        StepElapsed = elapsed,
        Metrics = metrics,
        Reason = reason,
    };

    private static MetricAssessment Collecting(string metric, string why) => new()
    {
        Metric = metric, Canary = "-", Stable = "-", Threshold = why, Statistic = "waiting", Status = MetricStatus.Collecting,
    };

    private static MetricStatus ToStatus(SprtState s) => s switch
    {
        SprtState.AcceptH0 => MetricStatus.Healthy,
        SprtState.RejectH0 => MetricStatus.Breached,
        _ => MetricStatus.Collecting,
    };

    /// <summary>z of the upper Wilson bound of stable's error rate that the error test's H0 sits at.</summary>
    internal const double BoundZ = 0.5;

    /// <summary>z of the lower Wilson bound of stable's error rate that the error test's H1 (the detectable effect above it) follows.</summary>
    /// <remarks>With the point estimate, a stable that ran a little high by chance put H1 above the rate a doubled canary really shows, and
    /// the promoting step accepted such canaries far more often than β where stable has few errors (0.1 % at 200/s: 85.5 % detection).
    /// The lower bound keeps H1 at or below the real effect in ~84 % of rollouts; α is untouched (it depends on H0 only).</remarks>
    internal const double EstimateZ = 1.0;

    /// <summary>Lower Wilson score bound: a stable error rate that is not overestimated by chance.</summary>
    internal static double WilsonLower(long events, long trials, double z) => WilsonUpper(events, trials, -z);

    /// <summary>Upper Wilson score bound: a stable error rate that is not underestimated by chance.</summary>
    internal static double WilsonUpper(long events, long trials, double z)
    {
        if (trials == 0) return 0;
        double n = trials, p = (double)events / trials;
        var centre = p + z * z / (2 * n);
        var margin = z * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        return (centre + margin) / (1 + z * z / n);
    }

    private static string Sprt(BernoulliSprt t) =>
        $"LLR {F(t.LogLikelihoodRatio, 2)} in ({F(t.LowerBound, 2)}, {F(t.UpperBound, 2)}) α={F(t.Alpha, 5)} β={F(t.Beta, 2)}";
    private static string Rate(long e, long n) => n == 0 ? "0/0" : $"{e}/{n} ({Pct(100.0 * e / n, 2)})";
    private static string Pct(double v, int d = 0) => v.ToString("0." + new string('#', Math.Max(d, 1)), CultureInfo.InvariantCulture) + " %";
    private static string Ms(double seconds) => double.IsNaN(seconds) ? "-" : (seconds * 1000).ToString("0.0", CultureInfo.InvariantCulture) + " ms";
    private static string Secs(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
    private static string F(double v, int d) => v.ToString("F" + d, CultureInfo.InvariantCulture);

    /// <remarks>Error and latency tests left undecided by the previous step go on in this one (a valid sequential test: hypotheses may change
    /// between batches), so thin steps add up instead of each starting from nothing; a test that decided starts afresh with its own α.
    /// The promoting step's error test runs at <see cref="JudgeSettings.PromotingBeta"/>: its acceptance is the one that promotes.</remarks>
    private sealed class StepState(DateTimeOffset started, JudgeSettings s, StepState? previous, bool promoting = false)
    {
        public DateTimeOffset Started { get; } = started;
        public BernoulliSprt Errors { get; } = BernoulliSprt.ContinueFrom(previous?.Errors, s.TestAlpha, promoting ? s.PromotingBeta : s.Beta);
        public BernoulliSprt Latency { get; } = BernoulliSprt.ContinueFrom(previous?.Latency, s.TestAlpha, s.Beta);
        public BernoulliSprt Shadow { get; } = new(s.TestAlpha, s.Beta);
        public HistogramCounts? LatencyHistogram { get; private set; }
        public HistogramCounts? ScoreHistogram { get; private set; }
        public MetricAssessment? Psi { get; set; }
        public bool Extended { get; set; }
        public long Requests { get; private set; }

        public void Add(VariantSample c)
        {
            Requests += c.Requests;
            LatencyHistogram = LatencyHistogram is null ? c.Latency : LatencyHistogram.Plus(c.Latency);
            ScoreHistogram = ScoreHistogram is null ? c.Scores : ScoreHistogram.Plus(c.Scores);
        }
    }
}
