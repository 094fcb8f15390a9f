using System.Text.Json;

namespace Pipeline.Gateway.Routing;

/// <summary>
/// Holds the routing table served now. Readers take one reference per request (no lock); writers build a new table,
/// persist it, then swap the reference, so in-flight requests finish on the table they started with.
/// </summary>
public sealed class RoutingState
{
    private readonly Lock _writeLock = new();
    private readonly string? _stateFile;
    private readonly TimeProvider _time;
    private RoutingTable _current;

    public RoutingState(RoutingTable initial, string? stateFile, TimeProvider time)
    {
        _stateFile = stateFile;
        _time = time;
        _current = initial;
    }

    public RoutingTable Current => Volatile.Read(ref _current);

    /// <summary>Applies <paramref name="change"/> atomically; refused when invalid, when the state file cannot be written, or when the generation moved.</summary>
    public RoutingChangeResult Change(Func<RoutingTable, RoutingTable> change, string reason, long? expectedGeneration = null)
    {
        lock (_writeLock)
        {
            var before = _current;
            if (expectedGeneration is { } expected && expected != before.Generation)
                return new RoutingChangeResult(false, before,
                    [$"generation: expected {expected} but the table is at {before.Generation}; read it again and retry."]) { Conflict = true };

            RoutingTable next;
            try
            {
                next = change(before);
            }
            catch (RoutingTransitionException e)
            {
                return new RoutingChangeResult(false, before, [e.Message]) { Conflict = true };
            }

            var errors = RoutingTableValidator.Validate(next);
            if (errors.Count > 0) return new RoutingChangeResult(false, before, errors);

            next = next with { Generation = before.Generation + 1, ChangedAt = _time.GetUtcNow(), Reason = reason };
            if (_stateFile is not null)
            {
                try
                {
                    RoutingStateFile.Write(_stateFile, next);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return new RoutingChangeResult(false, before,
                        [$"state file {_stateFile}: cannot be written ({e.Message}); the routing was not changed. Fix the path or its permissions."]);
                }
            }
            Volatile.Write(ref _current, next);
            return new RoutingChangeResult(true, next, []);
        }
    }
}
