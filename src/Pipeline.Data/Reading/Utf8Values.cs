using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Pipeline.Data.Reading;

/// <summary>Allocation-free parsing of UTF-8 field bytes into numbers, booleans and timestamps.</summary>
internal static class Utf8Values
{
    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses a decimal number; the fast path (≤ 15 significant digits, no exponent) is exact, anything else goes to the BCL.</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> s, out double value)
    {
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+')) { negative = s[0] == (byte)'-'; i = 1; }
        long mantissa = 0;
        var digits = 0;
        var fraction = 0;
        var seenDot = false;
        var start = i;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            var d = (uint)(c - '0');
            if (d <= 9)
            {
                mantissa = mantissa * 10 + d;
                digits++;
                if (seenDot) fraction++;
            }
            else if (c == (byte)'.' && !seenDot) seenDot = true;
            else break;
        }
        if (i == s.Length && digits > 0 && digits <= 15 && i > start)
        {
            value = fraction == 0 ? mantissa : mantissa / Pow10[fraction];
            if (negative) value = -value;
            return true;
        }
        return Slow(s, out value);
    }

    private static bool Slow(ReadOnlySpan<byte> s, out double value)
    {
        if (Utf8Parser.TryParse(s, out value, out var consumed) && consumed == s.Length && double.IsFinite(value)) return true;
        Span<char> chars = stackalloc char[64];
        if (s.Length <= 64 && Encoding.UTF8.TryGetChars(s, chars, out var n)
            && double.TryParse(chars[..n], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value)) return true;
        value = 0;
        return false;
    }

    public static bool TryParseLong(ReadOnlySpan<byte> s, out long value)
    {
        if (s.Length is > 0 and < 19)
        {
            var i = 0;
            var negative = false;
            if (s[0] == (byte)'-' || s[0] == (byte)'+') { negative = s[0] == (byte)'-'; i = 1; }
            if (i < s.Length)
            {
                long v = 0;
                for (; i < s.Length; i++)
                {
                    var d = (uint)(s[i] - '0');
                    if (d > 9) break;
                    v = v * 10 + d;
                }
                if (i == s.Length)
                {
                    value = negative ? -v : v;
                    return true;
                }
            }
        }
        return Utf8Parser.TryParse(s, out value, out var consumed) && consumed == s.Length;
    }

    /// <summary>true/false (any case), 1/0, yes/no, t/f.</summary>
    public static bool TryParseBool(ReadOnlySpan<byte> s, out bool value)
    {
        switch (s.Length)
        {
            case 1 when s[0] is (byte)'1' or (byte)'t' or (byte)'T' or (byte)'y' or (byte)'Y': value = true; return true;
            case 1 when s[0] is (byte)'0' or (byte)'f' or (byte)'F' or (byte)'n' or (byte)'N': value = false; return true;
            case 4 when Ascii.EqualsIgnoreCase(s, "true"u8): value = true; return true;
            case 5 when Ascii.EqualsIgnoreCase(s, "false"u8): value = false; return true;
            case 3 when Ascii.EqualsIgnoreCase(s, "yes"u8): value = true; return true;
            case 2 when Ascii.EqualsIgnoreCase(s, "no"u8): value = false; return true;
        }
        value = false;
        return false;
    }

    /// <summary>ISO-8601 <c>yyyy-MM-ddTHH:mm:ss[.fffffff][Z|±hh:mm]</c> (a space may replace T; no zone means UTC) as Unix seconds.</summary>
    public static bool TryParseIsoTimestamp(ReadOnlySpan<byte> s, out double unixSeconds)
    {
        unixSeconds = 0;
        if (s.Length < 10 || s[4] != (byte)'-' || s[7] != (byte)'-') return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)) return false;
        int hour = 0, minute = 0, second = 0;
        double frac = 0;
        var i = 10;
        if (s.Length > 10)
        {
            if (s.Length < 19 || (s[10] != (byte)'T' && s[10] != (byte)' ') || s[13] != (byte)':' || s[16] != (byte)':') return false;
            if (!Digits(s, 11, 2, out hour) || !Digits(s, 14, 2, out minute) || !Digits(s, 17, 2, out second)) return false;
            i = 19;
            if (i < s.Length && s[i] == (byte)'.')
            {
                i++;
                double scale = 0.1;
                var any = false;
                while (i < s.Length && (uint)(s[i] - '0') <= 9) { frac += (s[i] - '0') * scale; scale /= 10; i++; any = true; }
                if (!any) return false;
            }
        }
        var offsetSeconds = 0;
        if (i < s.Length)
        {
            if (s[i] == (byte)'Z' && i == s.Length - 1) { }
            else if ((s[i] == (byte)'+' || s[i] == (byte)'-') && s.Length - i == 6 && s[i + 3] == (byte)':'
                     && Digits(s, i + 1, 2, out var oh) && Digits(s, i + 4, 2, out var om) && oh < 24 && om < 60)
                offsetSeconds = (s[i] == (byte)'-' ? -1 : 1) * (oh * 3600 + om * 60);
            else return false;
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59 || second > 59 || year < 1) return false;
        var days = DaysFromCivil(year, month, day);
        unixSeconds = days * 86400.0 + hour * 3600 + minute * 60 + second + frac - offsetSeconds;
        return true;
    }

    /// <summary>Parses a timestamp with a .NET custom format (e.g. <c>yyyy/MM/dd HH:mm</c>), read as UTC.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> s, string? format, out double unixSeconds)
    {
        if (format is null or "iso8601" or "iso-8601") return TryParseIsoTimestamp(s, out unixSeconds);
        unixSeconds = 0;
        if (s.Length > 128) return false;
        Span<char> chars = stackalloc char[128];
        if (!Encoding.UTF8.TryGetChars(s, chars, out var n)) return false;
        if (format == "unix")
        {
            if (!double.TryParse(chars[..n], NumberStyles.Float, CultureInfo.InvariantCulture, out unixSeconds)) return false;
            return true;
        }
        if (!DateTimeOffset.TryParseExact(chars[..n], format, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dto)) return false;
        unixSeconds = dto.ToUnixTimeMilliseconds() / 1000.0;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var k = start; k < start + count; k++)
        {
            var d = (uint)(s[k] - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }

    // Howard Hinnant's days_from_civil: days since 1970-01-01 without DateTime allocation or culture.
    private static long DaysFromCivil(int y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - era * 400;
        var doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097L + doe - 719468;
    }
}
