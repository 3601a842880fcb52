using System.Globalization;
using System.Text.Json;

namespace StoreAlerts.Benchmarks;

/// <summary>One measured figure beside its raw baseline from the same run, and the goal it is held to.</summary>
public sealed record Figure(string Name, double Value, string Unit, string Measured, string Baseline, string Goal, bool? Met);

/// <summary>Collects the figures, then prints the table, one <c>figure NAME VALUE</c> line each, and writes the JSON.</summary>
public sealed class Figures
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        Console.WriteLine($"  {figure.Name} = {Format(figure.Value)} {figure.Unit} ({figure.Measured}; baseline: {figure.Baseline})");
    }

    public void Note(string note)
    {
        _notes.Add(note);
        Console.WriteLine($"  note: {note}");
    }

    public void Report(string jsonPath, string machine)
    {
        Console.WriteLine();
        Console.WriteLine($"| figure | value | goal | met | measured | raw baseline (same run) |");
        Console.WriteLine($"| --- | --- | --- | --- | --- | --- |");
        foreach (var f in _figures)
        {
            var met = f.Met switch { true => "yes", false => "NO", null => "—" };
            Console.WriteLine($"| `{f.Name}` | {Format(f.Value)} {f.Unit} | {f.Goal} | {met} | {f.Measured} | {f.Baseline} |");
        }

        Console.WriteLine();
        foreach (var f in _figures)
        {
            Console.WriteLine($"figure {f.Name} {Format(f.Value)}");
        }

        var json = new
        {
            machine,
            measuredAt = DateTimeOffset.UtcNow,
            figures = _figures,
            notes = _notes,
        };
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        Console.WriteLine($"written: {jsonPath}");
    }

    public static string Format(double value) => value.ToString(Math.Abs(value) >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture);
}
