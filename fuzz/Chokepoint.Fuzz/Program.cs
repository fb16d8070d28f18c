using Chokepoint.Formats.CycloneDx;
using Chokepoint.Formats.Eto;
using Chokepoint.Formats.Mef;
using Chokepoint.Formats.Models;
using Chokepoint.Formats.Tables;
using SharpFuzz;

namespace Chokepoint.Fuzz;

/// <summary>
/// One harness per reader. Each reads AFL's input as its file would be read, and lets through only
/// the reader's documented refusal: any other exception is a crash for AFL, and a run past AFL's
/// time limit a hang. The property is that every input ends in a model or a located error.
/// </summary>
public static class Program
{
    public static readonly IReadOnlyDictionary<string, Action<Stream>> Targets = new Dictionary<string, Action<Stream>>(StringComparer.Ordinal)
    {
        ["yaml"] = s => ModelLoader.Parse(Text(s), "fuzz.yaml"),
        ["json"] = s => ModelLoader.Parse(Text(s), "fuzz.json"),
        ["mef"] = s => Refused<MefException>(() => MefReader.Read(s, "fuzz.xml")),
        ["cyclonedx"] = s => Refused<CycloneDxException>(() => CycloneDxImporter.Import(File(s, "fuzz.cdx.json"))),
        ["csv-table"] = s => Refused<TableFormatException>(() => StackTable.Import(File(s, "fuzz.csv"), new TableImportOptions())),
        ["xlsx"] = s => Refused<TableFormatException>(() => StackTable.Import(File(s, "fuzz.xlsx"), new TableImportOptions())),
        ["include"] = s => Include(s),
        ["eto"] = s => Refused<EtoFormatException>(() => EtoImporter.Import(EtoFolder(s))),
        ["request"] = s => RequestTarget.Send(s),
    };

    /// <summary>The line that separates the ETO tables in one input, in the order of <see cref="EtoTables"/>.</summary>
    public const string EtoSeparator = "--8<--";

    public static readonly IReadOnlyList<string> EtoTables = ["inputs.csv", "providers.csv", "provision.csv", "sequence.csv", "stages.csv"];

    public static int Main(string[] args)
    {
        if (args.Length != 1 || !Targets.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: Chokepoint.Fuzz TARGET, one of {string.Join(", ", Targets.Keys)}");
            return 2;
        }

        Fuzzer.OutOfProcess.Run(target);
        return 0;
    }

    /// <summary>The input as an included file: a model that includes it is loaded from disk, as `chokepoint validate` would.</summary>
    private static void Include(Stream s)
    {
        var folder = Folder("include");
        using (var file = System.IO.File.Create(Path.Combine(folder, "part.yaml")))
        {
            s.CopyTo(file);
        }

        var main = Path.Combine(folder, "main.yaml");
        if (!System.IO.File.Exists(main))
        {
            System.IO.File.WriteAllText(main, "schema: chokepoint/v1\ninclude: [part.yaml]\n");
        }

        ModelLoader.Load(main);
    }

    /// <summary>The input cut at <see cref="EtoSeparator"/> lines into the ETO tables, written to a folder of their own (a missing table is an empty file).</summary>
    private static string EtoFolder(Stream s)
    {
        var folder = Folder("eto");
        var parts = Text(s).Split(EtoSeparator + "\n");
        for (var i = 0; i < EtoTables.Count; i++)
        {
            System.IO.File.WriteAllText(Path.Combine(folder, EtoTables[i]), i < parts.Length ? parts[i] : "");
        }

        return folder;
    }

    private static string Folder(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"chokepoint-fuzz-{Environment.ProcessId}-{name}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string Text(Stream s)
    {
        using var reader = new StreamReader(s, leaveOpen: true);
        return reader.ReadToEnd();
    }

    /// <summary>The input as a file, for readers that take a path; one file per process, written anew for each input.</summary>
    private static string File(Stream s, string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"chokepoint-fuzz-{Environment.ProcessId}-{name}");
        using (var file = System.IO.File.Create(path))
        {
            s.CopyTo(file);
        }

        return path;
    }

    private static void Refused<T>(Action read)
        where T : Exception
    {
        try
        {
            read();
        }
        catch (T)
        {
            // The reader's own, located refusal: what a bad file must give.
        }
    }
}
