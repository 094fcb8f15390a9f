using System.Globalization;
using Pipeline.Bench.Judge;

// Offline judge benchmark on a simulated clock: the classic scenarios at 200 requests/s (policy of models/fraud-detector/model.yaml),
// then the low-traffic grid of issue 19, then the per-task metrics (multiclass, regression).
// Arguments: [runs per scenario, default 200] [grid|scenarios|tasks|all, default all] [grid cell filter "rate/error", e.g. 200/0.001].
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var what = args.Length > 1 ? args[1] : "all";
if (what is "all" or "scenarios") Scenarios.Run(runs);
if (what is "all" or "grid") Grid.Run(runs, args.Length > 2 ? args[2] : null);
if (what is "all" or "tasks") Tasks.Run(runs);
