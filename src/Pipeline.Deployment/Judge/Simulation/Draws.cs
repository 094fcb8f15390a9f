using MathNet.Numerics.Distributions;

namespace Pipeline.Deployment.Judge.Simulation;

/// <summary>Binomial and multinomial draws in time independent of the number of trials (inversion for few expected events, a normal approximation for many).</summary>
internal static class Draws
{
    public static long Binomial(Random random, long n, double p)
    {
        if (n <= 0 || p <= 0) return 0;
        if (p >= 1) return n;
        if (p > 0.5) return n - Binomial(random, n, 1 - p);
        var mean = n * p;
        if (mean >= 30)
        {
            var draw = Math.Round(mean + Math.Sqrt(mean * (1 - p)) * Normal.Sample(random, 0, 1));
            return (long)Math.Clamp(draw, 0, n);
        }
        // Inversion: walk the probability mass function from 0 (expected steps ≈ the mean).
        double q = 1 - p, s = p / q, a = (n + 1) * s, r = Math.Pow(q, n), u = random.NextDouble();
        long x = 0;
        while (u > r && x < n)
        {
            u -= r;
            x++;
            r *= a / x - s;
        }
        return x;
    }

    public static long[] Multinomial(Random random, long n, double[] probabilities)
    {
        var counts = new long[probabilities.Length];
        var left = 1.0;
        for (var i = 0; i < probabilities.Length - 1 && n > 0; i++)
        {
            var p = left <= 0 ? 1 : Math.Min(1, probabilities[i] / left);
            counts[i] = Binomial(random, n, p);
            n -= counts[i];
            left -= probabilities[i];
        }
        counts[^1] += n;
        return counts;
    }
}
