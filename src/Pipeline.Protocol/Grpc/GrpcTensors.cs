using System.Buffers;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Pipeline.Protocol.Grpc.V2;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;

namespace Pipeline.Protocol.Grpc;

/// <summary>The gRPC side of the codec: KServe v2 <c>ModelInfer</c> messages to and from the same <see cref="InferRequest"/> /
/// <see cref="InferResponse"/> the REST codec reads and writes; typed <c>contents</c> or <c>raw_*_contents</c> (little-endian, BYTES length-prefixed).</summary>
public static class GrpcTensors
{
    public static Decoded<InferRequest> ReadRequest(ModelInferRequest request, TensorCheck? check = null)
    {
        var problems = new List<FieldProblem>();
        if (request.Inputs.Count == 0) return Decoded<InferRequest>.Fail("inputs", "expected a non-empty list of input tensors");
        var raw = request.RawInputContents;
        if (raw.Count > 0 && raw.Count != request.Inputs.Count)
            return Decoded<InferRequest>.Fail("raw_input_contents", $"has {raw.Count} entries for {request.Inputs.Count} inputs; send one per input, in input order");
        var tensors = new List<Tensor>();
        for (var i = 0; i < request.Inputs.Count; i++)
        {
            var input = request.Inputs[i];
            var f = $"inputs[{i}]";
            if (input.Name.Length == 0) { problems.Add(new($"{f}.name", "is missing")); continue; }
            if (!Datatype.IsKnown(input.Datatype)) { problems.Add(new($"{f}.datatype", $"'{input.Datatype}' of '{input.Name}' is not a protocol datatype; use one of {string.Join(", ", Datatype.All)}")); continue; }
            var shape = input.Shape.ToArray();
            if (shape.Any(d => d < 0)) { problems.Add(new($"{f}.shape", $"{Tensor.ShapeText(shape)} has a negative dimension")); continue; }
            long count;
            try { count = Tensor.Count(shape); }
            catch (OverflowException) { count = long.MaxValue; }
            if (count > Array.MaxLength) { problems.Add(new($"{f}.shape", $"{Tensor.ShapeText(shape)} holds more elements than a tensor can")); continue; }
            if (!(check?.Invoke(i, input.Name, input.Datatype, shape, problems) ?? true)) continue;
            Array? data;
            if (raw.Count > 0)
            {
                if (input.Contents is not null && HasContents(input.Contents)) { problems.Add(new($"{f}.contents", "is set beside raw_input_contents; send one or the other")); continue; }
                data = TensorElements.ReadBinary(raw[i].Span, input.Datatype, count, $"raw_input_contents[{i}]", problems);
            }
            else data = FromContents(input.Contents ?? new InferTensorContents(), input.Datatype, count, $"{f}.contents", problems);
            if (data is not null) tensors.Add(new Tensor { Name = input.Name, Datatype = input.Datatype, Shape = shape, Data = data });
        }
        if (problems.Count > 0) return Decoded<InferRequest>.Fail(problems.Take(TensorElements.MaxProblems).ToArray());
        return new Decoded<InferRequest>
        {
            Value = new InferRequest
            {
                Id = request.Id.Length == 0 ? null : request.Id,
                Inputs = tensors,
                Outputs = request.Outputs.Select(o => new RequestedOutput(o.Name)).ToArray(),
            },
        };
    }

    /// <summary>The answer as a gRPC message; outputs in <c>raw_output_contents</c> when <paramref name="raw"/>, else typed contents.</summary>
    public static ModelInferResponse WriteResponse(InferResponse response, bool raw = true)
    {
        var message = new ModelInferResponse { ModelName = response.ModelName, ModelVersion = response.ModelVersion ?? "", Id = response.Id ?? "" };
        foreach (var t in response.Outputs)
        {
            var output = new ModelInferResponse.Types.InferOutputTensor { Name = t.Name, Datatype = t.Datatype };
            output.Shape.AddRange(t.Shape);
            if (raw) message.RawOutputContents.Add(Raw(t));
            else output.Contents = ToContents(t);
            message.Outputs.Add(output);
        }
        return message;
    }

    /// <summary>A request as a gRPC message (the client side); inputs raw when <paramref name="raw"/>, else typed contents.</summary>
    public static ModelInferRequest WriteRequest(string model, InferRequest request, bool raw, string version = "")
    {
        var message = new ModelInferRequest { ModelName = model, ModelVersion = version, Id = request.Id ?? "" };
        foreach (var t in request.Inputs)
        {
            var input = new ModelInferRequest.Types.InferInputTensor { Name = t.Name, Datatype = t.Datatype };
            input.Shape.AddRange(t.Shape);
            if (raw) message.RawInputContents.Add(Raw(t));
            else input.Contents = ToContents(t);
            message.Inputs.Add(input);
        }
        foreach (var o in request.Outputs) message.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = o.Name });
        return message;
    }

    /// <summary>Reads a gRPC answer (typed or raw outputs).</summary>
    public static Decoded<InferResponse> ReadResponse(ModelInferResponse response)
    {
        var problems = new List<FieldProblem>();
        var tensors = new List<Tensor>();
        for (var i = 0; i < response.Outputs.Count; i++)
        {
            var o = response.Outputs[i];
            var shape = o.Shape.ToArray();
            var count = Tensor.Count(shape);
            var data = response.RawOutputContents.Count > i
                ? TensorElements.ReadBinary(response.RawOutputContents[i].Span, o.Datatype, count, $"raw_output_contents[{i}]", problems)
                : FromContents(o.Contents ?? new InferTensorContents(), o.Datatype, count, $"outputs[{i}].contents", problems);
            if (data is not null) tensors.Add(new Tensor { Name = o.Name, Datatype = o.Datatype, Shape = shape, Data = data });
        }
        if (problems.Count > 0) return Decoded<InferResponse>.Fail(problems);
        return new Decoded<InferResponse>
        {
            Value = new InferResponse { ModelName = response.ModelName, ModelVersion = response.ModelVersion, Id = response.Id.Length == 0 ? null : response.Id, Outputs = tensors },
        };
    }

    private static ByteString Raw(Tensor t)
    {
        var buffer = new ArrayBufferWriter<byte>(TensorElements.BinarySize(t));
        TensorElements.WriteBinary(buffer, t);
        return UnsafeByteOperations.UnsafeWrap(buffer.WrittenMemory);
    }

    private static bool HasContents(InferTensorContents c) =>
        c.BoolContents.Count + c.IntContents.Count + c.Int64Contents.Count + c.UintContents.Count + c.Uint64Contents.Count
        + c.Fp32Contents.Count + c.Fp64Contents.Count + c.BytesContents.Count > 0;

    private static Array? FromContents(InferTensorContents c, string datatype, long count, string field, List<FieldProblem> problems)
    {
        Array? values = datatype switch
        {
            "BOOL" => c.BoolContents.ToArray(),
            "INT8" => Checked(c.IntContents, v => checked((sbyte)v)),
            "INT16" => Checked(c.IntContents, v => checked((short)v)),
            "INT32" => c.IntContents.ToArray(),
            "INT64" => c.Int64Contents.ToArray(),
            "UINT8" => Checked(c.UintContents, v => checked((byte)v)),
            "UINT16" => Checked(c.UintContents, v => checked((ushort)v)),
            "UINT32" => c.UintContents.ToArray(),
            "UINT64" => c.Uint64Contents.ToArray(),
            "FP32" => c.Fp32Contents.ToArray(),
            "FP64" => c.Fp64Contents.ToArray(),
            "BYTES" => c.BytesContents.Select(b => b.ToByteArray()).ToArray(),
            _ => null,
        };
        if (values is null)
        {
            problems.Add(new(field, $"{datatype} has no typed contents field in the protocol; send it in raw_input_contents"));
            return null;
        }
        if (values.Length != count)
        {
            problems.Add(new(field, $"has {values.Length} {ContentsField(datatype)} values but the shape needs {count}; send one per element, flat in row-major order"));
            return null;
        }
        return values;
    }

    private static T[]? Checked<TIn, T>(RepeatedField<TIn> from, Func<TIn, T> convert)
    {
        try { return from.Select(convert).ToArray(); }
        catch (OverflowException) { return null; }
    }

    private static string ContentsField(string datatype) => datatype switch
    {
        "BOOL" => "bool_contents",
        "INT8" or "INT16" or "INT32" => "int_contents",
        "INT64" => "int64_contents",
        "UINT8" or "UINT16" or "UINT32" => "uint_contents",
        "UINT64" => "uint64_contents",
        "FP32" => "fp32_contents",
        "FP64" => "fp64_contents",
        _ => "bytes_contents",
    };

    private static InferTensorContents ToContents(Tensor t)
    {
        var c = new InferTensorContents();
        switch (Datatype.Of(t.Data))
        {
            case "BOOL": c.BoolContents.AddRange((bool[])t.Data); break;
            case "INT8": c.IntContents.AddRange(((sbyte[])t.Data).Select(v => (int)v)); break;
            case "INT16": c.IntContents.AddRange(((short[])t.Data).Select(v => (int)v)); break;
            case "INT32": c.IntContents.AddRange((int[])t.Data); break;
            case "INT64": c.Int64Contents.AddRange((long[])t.Data); break;
            case "UINT8": c.UintContents.AddRange(((byte[])t.Data).Select(v => (uint)v)); break;
            case "UINT16": c.UintContents.AddRange(((ushort[])t.Data).Select(v => (uint)v)); break;
            case "UINT32": c.UintContents.AddRange((uint[])t.Data); break;
            case "UINT64": c.Uint64Contents.AddRange((ulong[])t.Data); break;
            case "FP32": c.Fp32Contents.AddRange((float[])t.Data); break;
            case "FP64": c.Fp64Contents.AddRange((double[])t.Data); break;
            case "BYTES": c.BytesContents.AddRange(((byte[][])t.Data).Select(b => ByteString.CopyFrom(b ?? []))); break;
            default: throw new ArgumentException($"{t.Datatype} has no typed contents field in the protocol; send it raw", nameof(t));
        }
        return c;
    }
}
