using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Data.Tables;
using Pipeline.Data.Tests.Support;
using Xunit.Abstractions;

namespace Pipeline.Data.Tests.Generation;

public sealed class TransactionsGeneratorTests(ITestOutputHelper output)
{
    private static readonly FeatureMapping FraudFeatures = new()
    {
        Numeric = ["amount", "hour", "customer_age", "txn_count_1h", "amount_sum_24h", "distance_from_home_km"],
        Categorical = ["merchant_category", "country", "card_present"],
    };

    [Fact]
    public void Write_SameSeed_SameBytes_DifferentSeed_DifferentBytes()
    {
        using var dir = new TempDir();
        TransactionsGenerator.Write(dir.File("a.csv"), 40_000, 7);
        TransactionsGenerator.Write(dir.File("b.csv"), 40_000, 7);
        TransactionsGenerator.Write(dir.File("c.csv"), 40_000, 8);
        Assert.Equal(File.ReadAllBytes(dir.File("a.csv")), File.ReadAllBytes(dir.File("b.csv")));
        Assert.NotEqual(File.ReadAllBytes(dir.File("a.csv")), File.ReadAllBytes(dir.File("c.csv")));
    }

    [Fact]
    public void Write_DefaultDataset_HasContractColumnsAndLearnableFraudAtAboutOnePointFivePercent()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv");
        TransactionsGenerator.Write(path, 60_000, 7);
        var contract = DataContractLoader.Load(Repo.ContractFile);
        var table = TableLoader.Load(path, contract);

        Assert.Equal(60_000, table.RowCount);
        Assert.Equal(0, table.SkippedRows);
        var labels = table.Labels("is_fraud");
        var rate = labels.Average();
        Assert.InRange(rate, 0.01, 0.02);

        var train = Enumerable.Range(0, table.RowCount).Where(i => i % 4 != 0).ToArray();
        var test = Enumerable.Range(0, table.RowCount).Where(i => i % 4 == 0).ToArray();
        var auc = LogisticCheck.TrainAndScoreAuc(
            table.ToFeatureBatch(FraudFeatures, train), train.Select(i => labels[i]).ToArray(),
            table.ToFeatureBatch(FraudFeatures, test), test.Select(i => labels[i]).ToArray());
        output.WriteLine($"positives {rate:P2}, logistic AUC {auc:F3}");
        Assert.InRange(auc, 0.85, 0.95);
    }
}
