namespace Pipeline.Data.Generation;

/// <summary>The fixed population a dataset is drawn from: customers with an age, a home country and a spending scale.</summary>
internal sealed class World
{
    /// <summary>The customer population is the same for every seed, so two seeds give two samples of one distribution.</summary>
    private const int PopulationSeed = 20_261_101;
    private const int PopulationSize = 50_000;

    public World(int rows, DateTime endDate)
    {
        Rows = rows;
        Start = endDate.AddDays(-Days);
        var r = FastRandom.For(PopulationSeed, 0);
        var countries = TransactionsSchema.Cumulative(TransactionsSchema.CountryWeights);
        Customers = new Customer[PopulationSize];
        for (var i = 0; i < Customers.Length; i++)
        {
            var age = (int)Math.Clamp(Math.Round(r.LogNormal(38, 0.33)), 18, 95);
            Customers[i] = new Customer(age, r.Pick(countries), r.LogNormal(1, 0.35),
                (int)Math.Clamp(r.LogNormal(900, 1.0), 0, 12_000));
        }
    }

    public const int Days = 30;

    public int Rows { get; }

    public DateTime Start { get; }

    public Customer[] Customers { get; }

    internal readonly record struct Customer(int Age, int Home, double SpendScale, int AccountAgeDays);
}
