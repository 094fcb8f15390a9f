using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Gate;

/// <summary>Metrics of one segment (rows sharing a value of a segment column); <see cref="Judged"/> is false below minimum support.</summary>
public sealed record SegmentReport(string Column, string Value, bool Judged, MetricSet Metrics);
