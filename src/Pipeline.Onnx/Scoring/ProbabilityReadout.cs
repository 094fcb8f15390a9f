namespace Pipeline.Onnx.Scoring;

/// <summary>Where the positive-class probability sits in the model's output.</summary>
internal enum ProbabilityReadout
{
    /// <summary>Tensor [N] or [N,1]: the value itself.</summary>
    Column0,
    /// <summary>Tensor [N,2] (or wider): column 1.</summary>
    Column1,
    /// <summary>Tensor whose second dimension is only known at run time.</summary>
    ByRuntimeShape,
    /// <summary>ZipMap: sequence of maps, key 1 / the positive label.</summary>
    ZipMap,
    /// <summary>Regression tensor [N] or [N,1]: the value, unbounded.</summary>
    Value,
    /// <summary>Multiclass tensor [N,K]: every column, K values per row.</summary>
    Classes,
    /// <summary>Multiclass ZipMap: per row the values of keys 0..K-1 (int64) or of data.classes (string), in class order.</summary>
    ZipMapClasses,
}
