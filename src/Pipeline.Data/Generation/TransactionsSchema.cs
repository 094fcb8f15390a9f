namespace Pipeline.Data.Generation;

/// <summary>Column order and value sets of the synthetic transactions dataset (contract transactions.v1).</summary>
internal static class TransactionsSchema
{
    public static readonly string[] Columns =
    [
        "transaction_id", "customer_id", "timestamp", "amount", "merchant_category", "country", "card_present", "hour",
        "customer_age", "txn_count_1h", "amount_sum_24h", "distance_from_home_km", "merchant_id", "channel", "device_type",
        "account_age_days", "merchant_risk_score", "is_international", "currency", "is_fraud",
    ];

    public static readonly string[] Categories =
        ["grocery", "restaurant", "fuel", "travel", "electronics", "online_retail", "gaming", "jewelry", "pharmacy", "other"];

    public static readonly double[] CategoryWeights = [0.22, 0.16, 0.10, 0.05, 0.07, 0.18, 0.04, 0.02, 0.08, 0.08];
    public static readonly double[] CategoryMedianAmount = [45, 32, 50, 320, 260, 65, 25, 480, 28, 40];
    public static readonly double[] CategoryCardPresent = [0.92, 0.90, 0.95, 0.45, 0.55, 0.03, 0.04, 0.70, 0.90, 0.75];
    public static readonly double[] CategoryRisk = [-0.9, -0.5, -0.3, 0.4, 0.9, 0.5, 0.8, 1.2, -0.7, 0.0];

    public static readonly string[] Countries = ["US", "GB", "DE", "FR", "NL", "ES", "IT", "CA", "BR", "NG", "IN", "CN"];
    public static readonly double[] CountryWeights = [0.34, 0.12, 0.10, 0.08, 0.04, 0.05, 0.05, 0.06, 0.05, 0.03, 0.05, 0.03];
    public static readonly double[] CountryRisk = [0, -0.1, -0.2, 0, -0.2, 0.1, 0.1, -0.1, 0.7, 1.2, 0.5, 0.6];
    public static readonly string[] CountryCurrency = ["USD", "GBP", "EUR", "EUR", "EUR", "EUR", "EUR", "CAD", "BRL", "NGN", "INR", "CNY"];

    public static readonly string[] Channels = ["pos", "ecommerce", "atm", "moto"];
    public static readonly string[] Devices = ["chip", "contactless", "swipe", "web", "app"];
    public static readonly string[] Currencies = ["USD", "GBP", "EUR", "CAD", "BRL", "NGN", "INR", "CNY"];

    public static double[] Cumulative(double[] weights)
    {
        var c = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++) c[i] = sum += weights[i];
        return c;
    }
}
