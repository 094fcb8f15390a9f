namespace Pipeline.Data.Generation;

public static partial class TransactionsGenerator
{
    private static readonly double[] CategoryCumulative = TransactionsSchema.Cumulative(TransactionsSchema.CategoryWeights);
    private static readonly double[] CountryCumulative = TransactionsSchema.Cumulative(TransactionsSchema.CountryWeights);

    // Share of transactions per hour of day (UTC): quiet at night, busy at midday and evening.
    private static readonly double[] HourCumulative = TransactionsSchema.Cumulative(
        [0.8, 0.5, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 4.0, 5.0, 5.5, 6.0, 6.5, 6.2, 5.8, 5.5, 5.6, 6.0, 6.5, 6.4, 5.5, 4.2, 2.8, 1.6]);

    /// <summary>Intercept of the hidden fraud log-odds, set so that about 1.5 % of rows are fraud.</summary>
    internal const double FraudIntercept = -6.5;

    private static void WriteRow(RowWriter w, World world, FastRandom r, long row, DriftOptions drift)
    {
        var customerIndex = r.Next(world.Customers.Length);
        ref readonly var customer = ref world.Customers[customerIndex];
        var day = (int)(row * World.Days / Math.Max(1, world.Rows));
        var hour = r.Pick(HourCumulative);
        var timestamp = world.Start.AddDays(day).AddHours(hour).AddSeconds(r.Next(3600));

        var category = r.Pick(CategoryCumulative);
        var newCategory = drift.NewCategory is not null && r.Chance(drift.NewCategoryShare);
        var cardPresent = r.Chance(TransactionsSchema.CategoryCardPresent[category]);
        var international = r.Chance(cardPresent ? 0.04 : 0.10);
        var country = international ? r.Pick(CountryCumulative) : customer.Home;
        if (country == customer.Home) international = false;

        var amount = Math.Round(r.LogNormal(TransactionsSchema.CategoryMedianAmount[category] * customer.SpendScale, 0.75), 2);
        var burst = r.Chance(0.04);
        var count1h = r.Poisson(0.5) + (burst ? r.Poisson(3.5) : 0);
        var sum24h = amount + count1h * amount * (0.3 + 0.7 * r.NextDouble()) + r.LogNormal(60 * customer.SpendScale, 0.9);
        var distance = cardPresent ? r.LogNormal(6, 1.0) : r.LogNormal(25, 1.4);
        if (international) distance += 400 + r.NextDouble() * 6000;
        distance = Math.Min(distance, 20_000);
        var merchantRisk = Math.Clamp(0.15 + 0.1 * TransactionsSchema.CategoryRisk[category] + 0.12 * r.Normal(), 0, 1);

        // Hidden fraud function: mostly additive in the model's features (so a linear model can learn it), with a night effect,
        // merchant risk and noise that it cannot see.
        var logit = FraudIntercept + drift.LabelShift
            + 0.5 * count1h
            + 0.0016 * Math.Min(amount, 2500)
            + 0.00028 * Math.Min(distance, 6000)
            + (cardPresent ? 0 : 1.25)
            + TransactionsSchema.CategoryRisk[category]
            + TransactionsSchema.CountryRisk[country]
            + (international ? 0.6 : 0)
            - 0.018 * (customer.Age - 40)
            + (hour < 5 ? 0.7 : 0)
            + 1.5 * (merchantRisk - 0.15)
            + 0.3 * r.Normal();
        var fraud = r.NextDouble() < 1 / (1 + Math.Exp(-logit));

        var scaled = amount * drift.AmountScale;
        var channel = cardPresent ? (category == 4 && r.Chance(0.1) ? 2 : 0) : (r.Chance(0.93) ? 1 : 3);
        var device = cardPresent ? r.Next(3) : 3 + r.Next(2);

        w.BeginRow();
        w.Id('t', row + 1, 9);
        w.Id('c', customerIndex + 1, 7);
        w.Timestamp(timestamp);
        if (Blank(drift, "amount", r)) w.Null(); else w.Money(scaled);
        if (Blank(drift, "merchant_category", r)) w.Null(); else w.Text(newCategory ? drift.NewCategory! : TransactionsSchema.Categories[category]);
        if (Blank(drift, "country", r)) w.Null(); else w.Text(TransactionsSchema.Countries[country]);
        w.Bool(cardPresent);
        w.Int(hour);
        if (r.Chance(0.01) || Blank(drift, "customer_age", r)) w.Null(); else w.Int(customer.Age);
        w.Int(count1h);
        w.Money(sum24h * drift.AmountScale);
        if (r.Chance(0.02) || Blank(drift, "distance_from_home_km", r)) w.Null(); else w.Fixed(distance, 10, 1);
        w.Id('m', category * 10_000 + r.Next(2_000), 6);
        w.Text(TransactionsSchema.Channels[channel]);
        w.Text(TransactionsSchema.Devices[device]);
        w.Int(customer.AccountAgeDays);
        w.Fixed(merchantRisk, 1000, 3);
        w.Bool(international);
        w.Text(TransactionsSchema.CountryCurrency[country]);
        w.Int(fraud ? 1 : 0);
        w.EndRow();
    }

    private static bool Blank(DriftOptions drift, string column, FastRandom r) =>
        drift.NullBurstColumn == column && r.Chance(drift.NullBurstRate);
}
