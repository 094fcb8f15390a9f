using Pipeline.Data.Contracts;

namespace Pipeline.Data.Tests.Support;

/// <summary>A small contract and clean rows that tests break one rule at a time.</summary>
public static class Crafted
{
    public const string Yaml = """
        name: crafted
        version: 1
        dataset:
          rows: { min: 2, max: 1000 }
          primaryKey: id
          freshness: { column: t, maxAge: 2d }
          maxRejectedShare: 0
        columns:
          - { name: id, type: string, regex: '^r[0-9]+$' }
          - { name: x, type: float, min: 0, max: 100 }
          - { name: n, type: int, nullable: true, maxNullRate: 0.5 }
          - { name: c, type: category, allowed: [a, b] }
          - { name: f, type: bool }
          - { name: t, type: timestamp }
          - { name: y, type: int, label: true, allowed: [0, 1] }
        """;

    public static readonly DateTimeOffset Now = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    public static DataContract Contract(string? yaml = null) => DataContractLoader.Parse(yaml ?? Yaml, "crafted.v1.yaml");

    public const string Header = "id,x,n,c,f,t,y";

    public static string[] CleanRows() =>
    [
        "r1,1.5,3,a,true,2026-11-01T10:00:00Z,0",
        "r2,99,,b,false,2026-11-01T11:00:00Z,1",
        "r3,0,7,a,true,2026-11-01T12:00:00Z,0",
        "r4,50.25,1,b,false,2026-11-01T13:00:00Z,0",
    ];

    public static string Csv(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";
}

/// <summary>A clock fixed at one instant.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
