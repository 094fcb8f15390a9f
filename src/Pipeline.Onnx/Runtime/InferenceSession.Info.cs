using Pipeline.Onnx.Native;

namespace Pipeline.Onnx.Runtime;

public sealed unsafe partial class InferenceSession
{
    private NodeInfo[] ReadNodes(bool isInput)
    {
        var rt = OrtRuntime.Instance;
        var api = rt.Api;
        var s = session.DangerousGetHandle();
        nuint count;
        OrtStatus.Check(api, isInput ? api.SessionGetInputCount(s, &count) : api.SessionGetOutputCount(s, &count), $"reading {Source}");
        var nodes = new NodeInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            IntPtr name, type;
            OrtStatus.Check(api, isInput ? api.SessionGetInputName(s, i, rt.Allocator, &name) : api.SessionGetOutputName(s, i, rt.Allocator, &name), $"reading {Source}");
            var text = Utf8Strings.TakeAllocated(name);
            OrtStatus.Check(api, isInput ? api.SessionGetInputTypeInfo(s, i, &type) : api.SessionGetOutputTypeInfo(s, i, &type), $"reading {Source} {text}");
            nodes[(int)i] = new NodeInfo(text, TypeInfoReader.ReadAndRelease(type));
        }
        return nodes;
    }

    private ModelMetadata ReadMetadata()
    {
        var rt = OrtRuntime.Instance;
        var api = rt.Api;
        IntPtr metaOut;
        OrtStatus.Check(api, api.SessionGetModelMetadata(session.DangerousGetHandle(), &metaOut), $"reading metadata of {Source}");
        var meta = metaOut;
        try
        {
            string Get(delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr> getter)
            {
                IntPtr value;
                OrtStatus.Check(api, getter(meta, rt.Allocator, &value), $"reading metadata of {Source}");
                return Utf8Strings.TakeAllocated(value);
            }

            long version;
            OrtStatus.Check(api, api.ModelMetadataGetVersion(meta, &version), $"reading metadata of {Source}");
            IntPtr* keys;
            long keyCount;
            OrtStatus.Check(api, api.ModelMetadataGetCustomMetadataMapKeys(meta, rt.Allocator, &keys, &keyCount), $"reading metadata of {Source}");
            var custom = new Dictionary<string, string>(StringComparer.Ordinal);
            if (keys is not null)
            {
                for (var i = 0; i < keyCount; i++)
                {
                    var key = Utf8Strings.TakeAllocated(keys[i]);
                    using var k = new Utf8Strings([key]);
                    IntPtr value;
                    OrtStatus.Check(api, api.ModelMetadataLookupCustomMetadataMap(meta, rt.Allocator, (byte*)k.Pointers[0], &value), $"reading metadata {key} of {Source}");
                    custom[key] = Utf8Strings.TakeAllocated(value);
                }
                OrtStatus.Check(api, api.AllocatorFree(rt.Allocator, (IntPtr)keys), "freeing metadata keys");
            }
            return new ModelMetadata
            {
                ProducerName = Get(api.ModelMetadataGetProducerName),
                GraphName = Get(api.ModelMetadataGetGraphName),
                Domain = Get(api.ModelMetadataGetDomain),
                Description = Get(api.ModelMetadataGetDescription),
                Version = version,
                Custom = custom,
            };
        }
        finally
        {
            api.ReleaseModelMetadata(meta);
        }
    }
}
