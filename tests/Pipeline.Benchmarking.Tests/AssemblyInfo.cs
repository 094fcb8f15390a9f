// Latency tests measure; running them side by side on a 2-core machine would measure each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
