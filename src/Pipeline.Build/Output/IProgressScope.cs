namespace Pipeline.Build;

/// <summary>Progress of one long piece of work; dispose when done.</summary>
public interface IProgressScope : IDisposable
{
    void Increment(long n = 1);

    /// <summary>Changes the label, e.g. to show the current item.</summary>
    void Describe(string label);
}
