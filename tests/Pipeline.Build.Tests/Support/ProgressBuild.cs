namespace Pipeline.Build.Tests.Support;

/// <summary>A target that reports progress over 50 items and logs in between.</summary>
public sealed class ProgressBuild : RecordingBuild
{
    Target Work => _ => _
        .Executes(async () =>
        {
            using (var progress = Progress.Start("scoring rows", 50))
            {
                for (var i = 0; i < 50; i++)
                {
                    if (i == 25) Log.Information("halfway there");
                    progress.Increment();
                    await Task.Yield();
                }
            }
            Ran(nameof(Work));
        });
}
