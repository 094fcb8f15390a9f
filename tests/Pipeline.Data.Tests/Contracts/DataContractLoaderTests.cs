using Pipeline.Core.Errors;
using Pipeline.Data.Contracts;
using Pipeline.Data.Tests.Support;

namespace Pipeline.Data.Tests.Contracts;

public sealed class DataContractLoaderTests
{
    [Fact]
    public void Load_ShippedTransactionsContract_NamesTheSharedColumns()
    {
        var c = DataContractLoader.Load(Repo.ContractFile);
        Assert.Equal("transactions.v1", c.Id);
        foreach (var name in new[] { "transaction_id", "customer_id", "timestamp", "amount", "merchant_category", "country", "card_present", "hour",
                     "customer_age", "txn_count_1h", "amount_sum_24h", "distance_from_home_km", "is_fraud" })
            Assert.NotNull(c.Column(name));
        Assert.Equal("is_fraud", c.LabelColumn?.Name);
        Assert.Equal("transaction_id", c.Dataset.PrimaryKey);
        Assert.Equal(MultipleTestCorrection.Holm, c.Drift.Correction);
        Assert.Contains(c.Drift.For("amount", ProfileKind.Numeric), r => r.Test == DriftTestKind.Wasserstein);
        Assert.Empty(c.Drift.For("account_age_days", ProfileKind.Numeric));
    }

    [Fact]
    public void Parse_MalformedContract_ReportsEveryErrorWithLineFieldAndFix()
    {
        const string yaml = """
            name: broken
            version: 1
            dataset:
              primaryKey: nope
              maxRejectedShare: 2
            columns:
              - { name: a, type: flaot }
              - { name: b, type: int, minn: 3 }
              - { name: c, type: float, nullable: false, maxNullRate: 0.1 }
            drift:
              default:
                numeric:
                  - { test: psy, warn: 0.1, fail: 0.2 }
                  - { test: psi, warn: 0.3, fail: 0.2 }
            """;
        var e = Assert.Throws<ConfigException>(() => DataContractLoader.Parse(yaml, "broken.v1.yaml"));
        Assert.Contains(e.Errors, x => x.Field == "dataset.primaryKey" && x.Line == 4);
        Assert.Contains(e.Errors, x => x.Field == "dataset.maxRejectedShare" && x.Line == 5);
        Assert.Contains(e.Errors, x => x.Field == "columns[a].type" && x.Line == 7 && x.Problem.Contains("flaot"));
        Assert.Contains(e.Errors, x => x.Field == "columns[1].minn" && x.Fix.Contains("'min'"));
        Assert.Contains(e.Errors, x => x.Field == "columns[c].maxNullRate");
        Assert.Contains(e.Errors, x => x.Field.StartsWith("drift.default.numeric[0].test") && x.Line == 13);
        Assert.Contains(e.Errors, x => x.Field == "drift.default.numeric[1]" && x.Problem.Contains("wrong order"));
        Assert.All(e.Errors, x => Assert.Equal("broken.v1.yaml", x.File));
    }

    [Fact]
    public void Parse_SensitiveColumns_ReadOrRejectedWithTheFix()
    {
        var c = DataContractLoader.Parse("name: x\nversion: 1\ncolumns:\n  - { name: a, type: string, sensitive: hash }\n  - { name: b, type: int, sensitive: drop }\n  - { name: c, type: int }\n", "x.v1.yaml");
        Assert.Equal(["hash", "drop", null], c.Columns.Select(col => col.Sensitive));
        var e = Assert.Throws<ConfigException>(() => DataContractLoader.Parse("name: x\nversion: 1\ncolumns:\n  - { name: a, type: string, sensitive: yes }\n", "x.v1.yaml"));
        Assert.Contains(e.Errors, x => x.Field == "columns[a].sensitive" && x.Fix.Contains("hash") && x.Fix.Contains("drop"));
    }

    [Fact]
    public void Parse_YamlSyntaxError_NamesTheLine()
    {
        var e = Assert.Throws<ConfigException>(() => DataContractLoader.Parse("name: x\nversion: 1\ncolumns:\n  - { name: a, type: int\n", "x.v1.yaml"));
        Assert.Single(e.Errors);
        Assert.NotNull(e.Errors[0].Line);
    }

    [Fact]
    public void Parse_FileNameDisagreesWithNameAndVersion_IsAnError()
    {
        var e = Assert.Throws<ConfigException>(() => DataContractLoader.Parse(Crafted.Yaml, "/x/crafted.v2.yaml"));
        Assert.Contains(e.Errors, x => x.Field == "name" && x.Fix.Contains("crafted.v1.yaml"));
    }
}
