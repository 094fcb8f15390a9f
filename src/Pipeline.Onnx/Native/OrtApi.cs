namespace Pipeline.Onnx.Native;

/// <summary>
/// The OrtApi function table as typed function pointers. The table is a C struct of pointers whose order is fixed
/// by the C API's ABI promise (entries are only ever appended), so each entry is read by its index.
/// </summary>
internal sealed unsafe class OrtApi
{
    /// <summary>API version requested from OrtGetApiBase; ONNX Runtime 1.23 or newer provides it.</summary>
    public const uint RequiredVersion = 23;

    public readonly delegate* unmanaged<IntPtr, int> GetErrorCode;
    public readonly delegate* unmanaged<IntPtr, IntPtr> GetErrorMessage;
    public readonly delegate* unmanaged<int, byte*, IntPtr*, IntPtr> CreateEnv;
    public readonly delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr*, IntPtr> CreateSession;
    public readonly delegate* unmanaged<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr> CreateSessionFromArray;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr> Run;
    public readonly delegate* unmanaged<IntPtr*, IntPtr> CreateSessionOptions;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionExecutionMode;
    public readonly delegate* unmanaged<IntPtr, byte*, IntPtr> SetSessionLogId;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionLogSeverityLevel;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetInterOpNumThreads;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetInputCount;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetOutputCount;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr> SessionGetInputName;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr> SessionGetOutputName;
    public readonly delegate* unmanaged<IntPtr, long*, nuint, int, IntPtr*, IntPtr> CreateTensorAsOrtValue;
    public readonly delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<IntPtr, void**, IntPtr> GetTensorMutableData;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, nuint, IntPtr> FillStringTensor;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetStringTensorDataLength;
    public readonly delegate* unmanaged<IntPtr, void*, nuint, nuint*, nuint, IntPtr> GetStringTensorContent;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> GetOnnxTypeFromTypeInfo;
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> GetTensorElementType;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetDimensionsCount;
    public readonly delegate* unmanaged<IntPtr, long*, nuint, IntPtr> GetDimensions;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, nuint, IntPtr> GetSymbolicDimensions;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetTensorShapeElementCount;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> GetTensorTypeAndShape;
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> GetValueType;
    public readonly delegate* unmanaged<int, int, IntPtr*, IntPtr> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr> AllocatorFree;
    public readonly delegate* unmanaged<IntPtr*, IntPtr> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr, IntPtr*, IntPtr> GetValue;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetValueCount;
    public readonly delegate* unmanaged<IntPtr*, nuint, int, IntPtr*, IntPtr> CreateValue;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseEnv;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseStatus;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseSession;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseValue;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> CastTypeInfoToMapTypeInfo;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> CastTypeInfoToSequenceTypeInfo;
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> GetMapKeyType;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> GetMapValueType;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> GetSequenceElementType;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> SessionGetModelMetadata;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr> ModelMetadataGetProducerName;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr> ModelMetadataGetGraphName;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr> ModelMetadataGetDomain;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr> ModelMetadataGetDescription;
    public readonly delegate* unmanaged<IntPtr, IntPtr, byte*, IntPtr*, IntPtr> ModelMetadataLookupCustomMetadataMap;
    public readonly delegate* unmanaged<IntPtr, long*, IntPtr> ModelMetadataGetVersion;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseModelMetadata;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr**, long*, IntPtr> ModelMetadataGetCustomMetadataMapKeys;
    public readonly delegate* unmanaged<IntPtr, byte*, byte*, IntPtr> AddSessionConfigEntry;

    public OrtApi(IntPtr table)
    {
        var t = (IntPtr*)table;
        GetErrorCode = (delegate* unmanaged<IntPtr, int>)t[OrtApiSlot.GetErrorCode];
        GetErrorMessage = (delegate* unmanaged<IntPtr, IntPtr>)t[OrtApiSlot.GetErrorMessage];
        CreateEnv = (delegate* unmanaged<int, byte*, IntPtr*, IntPtr>)t[OrtApiSlot.CreateEnv];
        CreateSession = (delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.CreateSession];
        CreateSessionFromArray = (delegate* unmanaged<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.CreateSessionFromArray];
        Run = (delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr>)t[OrtApiSlot.Run];
        CreateSessionOptions = (delegate* unmanaged<IntPtr*, IntPtr>)t[OrtApiSlot.CreateSessionOptions];
        SetSessionExecutionMode = (delegate* unmanaged<IntPtr, int, IntPtr>)t[OrtApiSlot.SetSessionExecutionMode];
        SetSessionLogId = (delegate* unmanaged<IntPtr, byte*, IntPtr>)t[OrtApiSlot.SetSessionLogId];
        SetSessionLogSeverityLevel = (delegate* unmanaged<IntPtr, int, IntPtr>)t[OrtApiSlot.SetSessionLogSeverityLevel];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<IntPtr, int, IntPtr>)t[OrtApiSlot.SetSessionGraphOptimizationLevel];
        SetIntraOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)t[OrtApiSlot.SetIntraOpNumThreads];
        SetInterOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)t[OrtApiSlot.SetInterOpNumThreads];
        SessionGetInputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[OrtApiSlot.SessionGetInputCount];
        SessionGetOutputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[OrtApiSlot.SessionGetOutputCount];
        SessionGetInputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)t[OrtApiSlot.SessionGetInputTypeInfo];
        SessionGetOutputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)t[OrtApiSlot.SessionGetOutputTypeInfo];
        SessionGetInputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.SessionGetInputName];
        SessionGetOutputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.SessionGetOutputName];
        CreateTensorAsOrtValue = (delegate* unmanaged<IntPtr, long*, nuint, int, IntPtr*, IntPtr>)t[OrtApiSlot.CreateTensorAsOrtValue];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)t[OrtApiSlot.CreateTensorWithDataAsOrtValue];
        GetTensorMutableData = (delegate* unmanaged<IntPtr, void**, IntPtr>)t[OrtApiSlot.GetTensorMutableData];
        FillStringTensor = (delegate* unmanaged<IntPtr, IntPtr*, nuint, IntPtr>)t[OrtApiSlot.FillStringTensor];
        GetStringTensorDataLength = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[OrtApiSlot.GetStringTensorDataLength];
        GetStringTensorContent = (delegate* unmanaged<IntPtr, void*, nuint, nuint*, nuint, IntPtr>)t[OrtApiSlot.GetStringTensorContent];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.CastTypeInfoToTensorInfo];
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged<IntPtr, int*, IntPtr>)t[OrtApiSlot.GetOnnxTypeFromTypeInfo];
        GetTensorElementType = (delegate* unmanaged<IntPtr, int*, IntPtr>)t[OrtApiSlot.GetTensorElementType];
        GetDimensionsCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[OrtApiSlot.GetDimensionsCount];
        GetDimensions = (delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)t[OrtApiSlot.GetDimensions];
        GetSymbolicDimensions = (delegate* unmanaged<IntPtr, IntPtr*, nuint, IntPtr>)t[OrtApiSlot.GetSymbolicDimensions];
        GetTensorShapeElementCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[OrtApiSlot.GetTensorShapeElementCount];
        GetTensorTypeAndShape = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.GetTensorTypeAndShape];
        GetValueType = (delegate* unmanaged<IntPtr, int*, IntPtr>)t[OrtApiSlot.GetValueType];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, IntPtr*, IntPtr>)t[OrtApiSlot.CreateCpuMemoryInfo];
        AllocatorFree = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)t[OrtApiSlot.AllocatorFree];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<IntPtr*, IntPtr>)t[OrtApiSlot.GetAllocatorWithDefaultOptions];
        GetValue = (delegate* unmanaged<IntPtr, int, IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.GetValue];
        GetValueCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[OrtApiSlot.GetValueCount];
        CreateValue = (delegate* unmanaged<IntPtr*, nuint, int, IntPtr*, IntPtr>)t[OrtApiSlot.CreateValue];
        ReleaseEnv = (delegate* unmanaged<IntPtr, void>)t[OrtApiSlot.ReleaseEnv];
        ReleaseStatus = (delegate* unmanaged<IntPtr, void>)t[OrtApiSlot.ReleaseStatus];
        ReleaseMemoryInfo = (delegate* unmanaged<IntPtr, void>)t[OrtApiSlot.ReleaseMemoryInfo];
        ReleaseSession = (delegate* unmanaged<IntPtr, void>)t[OrtApiSlot.ReleaseSession];
        ReleaseValue = (delegate* unmanaged<IntPtr, void>)t[OrtApiSlot.ReleaseValue];
        ReleaseTypeInfo = (delegate* unmanaged<IntPtr, void>)t[OrtApiSlot.ReleaseTypeInfo];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<IntPtr, void>)t[OrtApiSlot.ReleaseTensorTypeAndShapeInfo];
        ReleaseSessionOptions = (delegate* unmanaged<IntPtr, void>)t[OrtApiSlot.ReleaseSessionOptions];
        CastTypeInfoToMapTypeInfo = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.CastTypeInfoToMapTypeInfo];
        CastTypeInfoToSequenceTypeInfo = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.CastTypeInfoToSequenceTypeInfo];
        GetMapKeyType = (delegate* unmanaged<IntPtr, int*, IntPtr>)t[OrtApiSlot.GetMapKeyType];
        GetMapValueType = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.GetMapValueType];
        GetSequenceElementType = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.GetSequenceElementType];
        SessionGetModelMetadata = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.SessionGetModelMetadata];
        ModelMetadataGetProducerName = (delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.ModelMetadataGetProducerName];
        ModelMetadataGetGraphName = (delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.ModelMetadataGetGraphName];
        ModelMetadataGetDomain = (delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.ModelMetadataGetDomain];
        ModelMetadataGetDescription = (delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr>)t[OrtApiSlot.ModelMetadataGetDescription];
        ModelMetadataLookupCustomMetadataMap = (delegate* unmanaged<IntPtr, IntPtr, byte*, IntPtr*, IntPtr>)t[OrtApiSlot.ModelMetadataLookupCustomMetadataMap];
        ModelMetadataGetVersion = (delegate* unmanaged<IntPtr, long*, IntPtr>)t[OrtApiSlot.ModelMetadataGetVersion];
        ReleaseModelMetadata = (delegate* unmanaged<IntPtr, void>)t[OrtApiSlot.ReleaseModelMetadata];
        ModelMetadataGetCustomMetadataMapKeys = (delegate* unmanaged<IntPtr, IntPtr, IntPtr**, long*, IntPtr>)t[OrtApiSlot.ModelMetadataGetCustomMetadataMapKeys];
        AddSessionConfigEntry = (delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)t[OrtApiSlot.AddSessionConfigEntry];
    }
}
