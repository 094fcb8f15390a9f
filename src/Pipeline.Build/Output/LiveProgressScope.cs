using Spectre.Console;

namespace Pipeline.Build;

/// <summary>A Spectre.Console live progress bar running until disposed; log lines written meanwhile appear above it.</summary>
internal sealed class LiveProgressScope : IProgressScope
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _display;
    private readonly ProgressTask _task;
    private readonly BuildConsole _console;

    public LiveProgressScope(BuildConsole console, string label, long total)
    {
        _console = console;
        console.LiveDisplayStarted();
        var ready = new TaskCompletionSource<ProgressTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        _display = console.Ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                ready.SetResult(ctx.AddTask(Markup.Escape(label), maxValue: Math.Max(1, total)));
                await _finished.Task;
            });
        _task = ready.Task.GetAwaiter().GetResult();
    }

    public void Increment(long n = 1) => _task.Increment(n);

    public void Describe(string label) => _task.Description = Markup.Escape(label);

    public void Dispose()
    {
        if (_finished.Task.IsCompleted) return;
        _task.Value = _task.MaxValue;
        _finished.TrySetResult();
        try
        {
            _display.GetAwaiter().GetResult();
        }
        finally
        {
            _console.LiveDisplayEnded();
        }
    }
}
