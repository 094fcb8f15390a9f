using Pipeline.Core.Layout;
using Pipeline.Serving.Hosting;
using Pipeline.Serving.Logging;
using Pipeline.Serving.Model;

namespace Pipeline.Serving.Monitoring;

/// <summary>Builds the prediction log a server was asked for (<c>--prediction-log &lt;dir&gt;</c>) from model.yaml's <c>monitoring</c>
/// section and the contract's <c>sensitive</c> marks.</summary>
public static class PredictionLogSetup
{
    public static PredictionLog? Create(ServingOptions options, ServedModel model, TimeProvider time, JsonLog log)
    {
        if (string.IsNullOrEmpty(options.PredictionLog) || options.Config is null) return null;
        var config = ModelSource.LoadConfig(options.Config);
        var policy = config.Monitoring;
        var (sensitive, safe) = SensitiveMarks(options.Config, options.ContractDirectory, config.Data.Contract, log);
        var logOptions = new PredictionLogOptions
        {
            Directory = Path.GetFullPath(options.PredictionLog),
            SampleRate = options.LogSampleRate ?? policy.SampleRate,
            RotateBytes = (long)((options.LogRotateMegabytes ?? policy.RotateMegabytes) * 1024 * 1024),
            MaxFiles = policy.MaxFiles,
            FeedbackWindow = TimeSpan.FromHours(options.FeedbackWindowHours ?? policy.FeedbackWindowHours),
            Sensitive = sensitive,
            FeaturesKnownSafe = safe,
        };
        log.Info("prediction_log", w =>
        {
            w.WriteString("directory", logOptions.Directory);
            w.WriteNumber("sample_rate", logOptions.SampleRate);
            w.WriteNumber("rotate_bytes", logOptions.RotateBytes);
            w.WriteNumber("max_files", logOptions.MaxFiles);
            w.WriteString("sensitive", string.Join(",", sensitive.Select(s => $"{s.Key}={s.Value}")));
        });
        return new PredictionLog(logOptions, model, time);
    }

    /// <summary>The contract's sensitive columns; when the contract cannot be read (an image without data-contracts/) features are not logged.</summary>
    private static (IReadOnlyDictionary<string, string>, bool) SensitiveMarks(string configFile, string? contractDirectory, string contractId, JsonLog log)
    {
        try
        {
            // A container has no repository around its model.yaml: the docker target mounts the contracts folder and names it.
            var file = contractDirectory is { Length: > 0 } folder ? Path.Combine(folder, contractId + ".yaml")
                : RepositoryLayout.Find(Path.GetDirectoryName(Path.GetFullPath(configFile))!).ContractFile(contractId);
            return (ContractSensitivity.Read(file), true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or YamlDotNet.Core.YamlException)
        {
            log.Warn("prediction_log_features_off", w => w.WriteString("message",
                $"contract {contractId} could not be read ({e.Message}); features are not logged, since its sensitive columns are unknown. Fix: run the server inside the repository, or pass --contract-directory <data-contracts folder>"));
            return (new Dictionary<string, string>(), false);
        }
    }
}
