using System.Globalization;

namespace Pipeline.Build;

/// <summary>Converts command-line, environment and parameters.json text to parameter types.</summary>
internal static class ValueConverter
{
    public static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsArray) return Describe(t.GetElementType()!) + "[]";
        if (t == typeof(string)) return "string";
        if (t == typeof(bool)) return "bool";
        if (t == typeof(int)) return "int";
        if (t == typeof(long)) return "long";
        if (t == typeof(double)) return "double";
        if (t.IsEnum) return string.Join("|", Enum.GetNames(t));
        return t.Name;
    }

    public static bool IsSupported(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsArray) return IsSupported(t.GetElementType()!) && !t.GetElementType()!.IsArray;
        return t == typeof(string) || t == typeof(bool) || t == typeof(int) || t == typeof(long) || t == typeof(double) || t.IsEnum;
    }

    /// <summary>Converts values; throws <see cref="BuildGraphException"/> naming the parameter, the value and the expected type.</summary>
    public static object? Convert(IReadOnlyList<string> values, Type type, string parameter, string source, Func<string, string> mask)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsArray)
        {
            var element = t.GetElementType()!;
            var items = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            var array = Array.CreateInstance(element, items.Length);
            for (var i = 0; i < items.Length; i++)
                array.SetValue(ConvertOne(items[i], element, parameter, source, mask), i);
            return array;
        }
        if (values.Count == 0)
            return t == typeof(bool) ? true : throw Error(parameter, "", t, source, mask, "a value is missing");
        if (values.Count > 1)
            throw Error(parameter, string.Join(" ", values), t, source, mask, "only one value is allowed");
        return ConvertOne(values[0], t, parameter, source, mask);
    }

    private static object ConvertOne(string value, Type t, string parameter, string source, Func<string, string> mask)
    {
        if (t == typeof(string)) return value;
        if (t == typeof(bool))
        {
            if (bool.TryParse(value, out var b)) return b;
            if (value is "1" or "yes" or "on") return true;
            if (value is "0" or "no" or "off") return false;
        }
        else if (t == typeof(int) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) return i;
        else if (t == typeof(long) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return l;
        else if (t == typeof(double) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        else if (t.IsEnum)
        {
            var match = Enum.GetNames(t).FirstOrDefault(n => string.Equals(n, value.Replace("-", ""), StringComparison.OrdinalIgnoreCase));
            if (match is not null) return Enum.Parse(t, match);
        }
        throw Error(parameter, value, t, source, mask, null);
    }

    private static BuildGraphException Error(string parameter, string value, Type t, string source, Func<string, string> mask, string? why) =>
        new($"Parameter --{parameter} from {source}: value \"{mask(value)}\" is not a valid {Describe(t)}" +
            (why is null ? "" : $" ({why})") + $". Expected type: {Describe(t)}" +
            (t.IsEnum ? $" (one of {string.Join(", ", Enum.GetNames(t))})" : t == typeof(bool) ? " (true or false)" : "") + ".");
}
