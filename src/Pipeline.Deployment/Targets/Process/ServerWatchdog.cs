namespace Pipeline.Deployment.Targets.Process;

/// <summary>
/// The process target's restart policy (Docker's <c>on-failure</c> for plain processes): a POSIX shell that runs the server and
/// starts it again, on the same port, when it dies of a failure (non-zero exit, a kill) after it had run for a while. A server
/// that fails within its first <see cref="MinimumUptimeSeconds"/> seconds is a start failure (bad model, port taken): the
/// watchdog then exits with its code, so the start is reported with its log as before, and a crash loop ends. SIGTERM to the
/// watchdog (Stop) is passed on to the server, waited for, and ends the watchdog.
/// </summary>
internal static class ServerWatchdog
{
    public const int MinimumUptimeSeconds = 10;

    public const string RestartLine = "--- watchdog: server exited with code";

    // $child is set before the trap can matter: the trap is armed first, and "kill" of an empty pid is harmless.
    public static readonly string Script = $$"""
        child=""
        trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; wait "$child"; fi; exit 0' TERM INT
        while :; do
          started=$(date +%s)
          "$@" &
          child=$!
          wait "$child"
          code=$?
          child=""
          [ "$code" -eq 0 ] && exit 0
          if [ $(( $(date +%s) - started )) -lt {{MinimumUptimeSeconds}} ]; then exit "$code"; fi
          echo "{{RestartLine}} $code; restarting it (watchdog pid $$)"
          sleep 1
        done
        """;
}
