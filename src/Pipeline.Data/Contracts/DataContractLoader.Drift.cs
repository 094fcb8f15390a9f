using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Data.Contracts;

public static partial class DataContractLoader
{
    private static readonly string[] TestNames = ["psi", "ks", "wasserstein", "chi-square", "jensen-shannon"];

    private static DriftRules ParseDrift(YamlMap top, List<ColumnContract> columns)
    {
        var d = top.Map("drift");
        if (d is null) return new DriftRules();
        var rules = new DriftRules();
        var correctionText = d.String("correction");
        var correction = correctionText switch
        {
            null or "holm" => MultipleTestCorrection.Holm,
            "bonferroni" => MultipleTestCorrection.Bonferroni,
            "none" => MultipleTestCorrection.None,
            _ => (MultipleTestCorrection?)null,
        };
        if (correction is null)
            d.Error(d.Node("correction"), "drift.correction", $"'{correctionText}' is not a correction", "use holm, bonferroni or none");
        var numeric = rules.NumericDefault;
        var categorical = rules.CategoricalDefault;
        if (d.Map("default") is { } def)
        {
            numeric = ParseTests(def, def.Node("numeric"), "drift.default.numeric", ProfileKind.Numeric) ?? numeric;
            categorical = ParseTests(def, def.Node("categorical"), "drift.default.categorical", ProfileKind.Categorical) ?? categorical;
            def.RejectUnknown();
        }
        var perColumn = new Dictionary<string, IReadOnlyList<DriftTestRule>>(StringComparer.Ordinal);
        if (d.Map("columns") is { } cols)
        {
            foreach (var c in columns)
            {
                var node = cols.Node(c.Name);
                if (node is null) continue;
                if (node is YamlScalarNode { Value: "none" or "off" }) { perColumn[c.Name] = []; continue; }
                if (ParseTests(cols, node, $"drift.columns.{c.Name}", c.Kind) is { } tests) perColumn[c.Name] = tests;
            }
            cols.RejectUnknown();
        }
        d.RejectUnknown();
        return rules with
        {
            Correction = correction ?? MultipleTestCorrection.Holm,
            NumericDefault = numeric,
            CategoricalDefault = categorical,
            Columns = perColumn,
        };
    }

    private static List<DriftTestRule>? ParseTests(YamlMap parent, YamlNode? node, string field, ProfileKind kind)
    {
        if (node is null) return null;
        if (node is not YamlSequenceNode seq)
        {
            parent.Error(node, field, "must be a list of tests", "write '- { test: psi, warn: 0.1, fail: 0.25 }' entries, or 'none'");
            return null;
        }
        var list = new List<DriftTestRule>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            if (seq.Children[i] is not YamlMappingNode m)
            {
                parent.Error(seq.Children[i], $"{field}[{i}]", "must be a mapping", "write '{ test: psi, warn: 0.1, fail: 0.25 }'");
                continue;
            }
            var t = parent.Child(m, $"{field}[{i}]");
            var name = t.String("test", required: true, fix: $"use one of {string.Join(", ", TestNames)}");
            DriftTestKind? kindOf = name switch
            {
                "psi" => DriftTestKind.Psi,
                "ks" or "kolmogorov-smirnov" => DriftTestKind.KolmogorovSmirnov,
                "wasserstein" => DriftTestKind.Wasserstein,
                "chi-square" or "chi2" => DriftTestKind.ChiSquare,
                "jensen-shannon" or "js" => DriftTestKind.JensenShannon,
                _ => null,
            };
            if (name is not null && kindOf is null)
                t.Error(t.Node("test"), $"{field}[{i}].test", $"'{name}' is not a drift test", $"use one of {string.Join(", ", TestNames)}");
            var applies = kindOf switch
            {
                DriftTestKind.KolmogorovSmirnov or DriftTestKind.Wasserstein => kind == ProfileKind.Numeric,
                DriftTestKind.ChiSquare or DriftTestKind.JensenShannon => kind == ProfileKind.Categorical,
                _ => kind is ProfileKind.Numeric or ProfileKind.Categorical,
            };
            if (kindOf is not null && !applies)
                t.Error(t.Node("test"), $"{field}[{i}].test", $"{name} does not apply to {kind.ToString().ToLowerInvariant()} columns",
                    kind == ProfileKind.Numeric ? "use psi, ks or wasserstein" : kind == ProfileKind.Categorical ? "use psi, chi-square or jensen-shannon" : "use 'none' for this column");
            var warn = t.Number("warn", 0);
            var fail = t.Number("fail", 0);
            t.RejectUnknown();
            if (kindOf is not { } k) continue;
            var def = DriftTestRule.Default(k);
            var rule = new DriftTestRule(k, warn ?? def.Warn, fail ?? def.Fail);
            var ordered = rule.IsPValue ? rule.Fail <= rule.Warn : rule.Fail >= rule.Warn;
            if (!ordered)
                t.Error(m, $"{field}[{i}]", $"warn {rule.Warn.ToString(CultureInfo.InvariantCulture)} / fail {rule.Fail.ToString(CultureInfo.InvariantCulture)} are in the wrong order",
                    rule.IsPValue ? "for p-value tests fail must be <= warn (e.g. warn 0.05, fail 0.01)" : "fail must be >= warn (e.g. warn 0.1, fail 0.25)");
            list.Add(rule);
        }
        return list;
    }
}
