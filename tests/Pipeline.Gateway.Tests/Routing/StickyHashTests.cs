using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Tests.Routing;

public sealed class StickyHashTests
{
    [Fact]
    public void Bucket_SameKey_SameBucketAndKeysSpreadEvenly()
    {
        Assert.Equal(StickyHash.Bucket("customer-42"), StickyHash.Bucket("customer-42"));
        var buckets = Enumerable.Range(0, 10_000).Select(i => StickyHash.Bucket($"c{i}")).ToArray();
        Assert.All(buckets, b => Assert.InRange(b, 0, 99.99));
        for (var decile = 0; decile < 10; decile++)
        {
            var count = buckets.Count(b => b >= decile * 10 && b < decile * 10 + 10);
            Assert.InRange(count, 880, 1120);   // 1000 ± 4σ (σ = 30)
        }
    }
}
