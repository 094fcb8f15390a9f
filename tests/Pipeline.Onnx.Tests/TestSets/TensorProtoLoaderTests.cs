using Google.Protobuf;
using Pipeline.Onnx.Proto;
using Pipeline.Onnx.TestSets;
using Pipeline.Onnx.Tests.Support;

namespace Pipeline.Onnx.Tests.TestSets;

public sealed class TensorProtoLoaderTests
{
    [Fact]
    public void ToManaged_RawDataAndTypedFields_ReadTheSame()
    {
        var typed = OnnxBuilder.Floats("x", [1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var raw = new TensorProto { Name = "x", DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(typed.FloatData.SelectMany(BitConverter.GetBytes).ToArray()) };
        raw.Dims.Add([2, 3]);
        Assert.Equal(TensorProtoLoader.ToManaged(typed).As<float>(), TensorProtoLoader.ToManaged(raw).As<float>());
        Assert.Equal([2L, 3L], TensorProtoLoader.ToManaged(raw).Shape);
    }

    [Fact]
    public void ToManaged_WrongElementCount_Throws()
    {
        var bad = OnnxBuilder.Int64s("x", [1, 2, 3], 2, 2);
        Assert.Throws<InvalidDataException>(() => TensorProtoLoader.ToManaged(bad));
    }

    [Fact]
    public void Read_DebianTestSetFile_ParsesDimsAndData()
    {
        var file = "/usr/share/libonnx-testdata/data/pytorch-converted/test_Conv2d/test_data_set_0/input_0.pb";
        var t = TensorProtoLoader.ToManaged(TensorProtoLoader.Read(file));
        Assert.Equal(4, t.Shape.Count);
        Assert.Equal(t.Shape.Aggregate(1L, (a, b) => a * b), t.Data.Length);
    }

    [Fact]
    public void Read_NotATensor_SaysWhichFile()
    {
        var path = Path.Combine(TestPaths.TempDirectory(), "bad.pb");
        File.WriteAllBytes(path, [0xff, 0xff, 0xff]);
        var e = Assert.Throws<InvalidDataException>(() => TensorProtoLoader.Read(path));
        Assert.Contains(path, e.Message);
    }
}
