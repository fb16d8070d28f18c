using System.Globalization;
using System.Text;
using Chokepoint.Analysis.Model;
using Sylvan.Data.Csv;

namespace Chokepoint.Formats.Eto;

/// <summary>What an import found worth telling: counts, and every data problem as a warning.</summary>
public sealed record ImportReport(int Components, int Providers, int Organizations, int Jurisdictions, int Requirements, int Categories, IReadOnlyList<string> Warnings);

/// <summary>An imported model and its report.</summary>
public sealed record ImportResult(StackModel Model, ImportReport Report);

/// <summary>A file of the ETO data that cannot be read at all.</summary>
public sealed class EtoFormatException(string message) : Exception(message);

/// <summary>
/// Imports CSET's ETO Advanced Semiconductor Supply Chain Dataset ("Chip Explorer") from its CSV
/// tables (inputs, providers, provision, sequence, stages), current or 2022 release:
/// <list type="bullet">
/// <item>inputs and stages become components (layer from the input type or stage); "goes into" edges
/// become requirements of the receiving input; "is a type of" edges become the component's
/// <c>category</c>, never a requirement or a substitute, since a parent's share already includes its sub-types;</item>
/// <item>country rows and organization rows are both kept, firms at their headquarters, without
/// counting anything twice: where the data has a country row, the country's firms keep their
/// shares and a residual provider in the country brings its total to the country row's figure
/// (firms summing above their country's row are scaled down to it, with a warning);</item>
/// <item>"Various countries" and "Europe" become pseudo-jurisdictions, reported; blank shares mean
/// present with unknown share; shares read as 91 or "91%"; repeated rows are merged;</item>
/// <item>shares of one input summing above 100% (the data rounds small shares up to 1%) raise the
/// model's share_tolerance and are reported, as are unknown ids.</item>
/// </list>
/// The licence's attribution is written into the model.
/// </summary>
public static class EtoImporter
{
    public const string Attribution =
        "Data: Emerging Technology Observatory (ETO), Center for Security and Emerging Technology (CSET), Georgetown University - " +
        "\"Emerging Technology Observatory Advanced Semiconductor Supply Chain Dataset\", https://github.com/georgetown-cset/eto-chip-explorer, " +
        "documentation https://eto.tech/dataset-docs/chipexplorer. Largely derived from S. M. Khan, A. Mann, D. Peterson, " +
        "\"The Semiconductor Supply Chain: Assessing National Competitiveness\", CSET, January 2021; later updates include CSET analysis of TechInsights data. " +
        "Licensed under CC BY-NC 4.0 (https://creativecommons.org/licenses/by-nc/4.0/): no commercial use without permission. " +
        "Changes: converted by chokepoint import eto (percentages to fractions; firms placed at their headquarters; residual country providers added so that no share is counted twice).";

    /// <summary>ISO 3166 alpha-3 codes of the dataset, as the alpha-2 codes our models use.</summary>
    private static readonly Dictionary<string, string> Alpha2 = new(StringComparer.Ordinal)
    {
        ["USA"] = "US",
        ["CHN"] = "CN",
        ["KOR"] = "KR",
        ["JPN"] = "JP",
        ["TWN"] = "TW",
        ["DEU"] = "DE",
        ["ITA"] = "IT",
        ["NLD"] = "NL",
        ["MYS"] = "MY",
        ["SGP"] = "SG",
        ["CHE"] = "CH",
        ["AUT"] = "AT",
        ["SWE"] = "SE",
        ["GBR"] = "GB",
        ["FRA"] = "FR",
        ["ISR"] = "IL",
        ["BLR"] = "BY",
        ["CZE"] = "CZ",
        ["CAN"] = "CA",
        ["LUX"] = "LU",
        ["HUN"] = "HU",
        ["IND"] = "IN",
        ["IRL"] = "IE",
        ["BEL"] = "BE",
        ["FIN"] = "FI",
        ["NOR"] = "NO",
        ["DNK"] = "DK",
        ["ESP"] = "ES",
        ["RUS"] = "RU",
        ["VNM"] = "VN",
        ["THA"] = "TH",
        ["PHL"] = "PH",
        ["AUS"] = "AU",
        ["BRA"] = "BR",
        ["MEX"] = "MX",
        ["POL"] = "PL",

        // The 2022 release writes Malaysia as MAL.
        ["MAL"] = "MY",
    };

    private static readonly HashSet<string> European = ["DE", "IT", "NL", "CH", "AT", "SE", "GB", "FR", "CZ", "LU", "HU", "IE", "BE", "FI", "NO", "DK", "ES", "PL", "BY"];

    private const string Various = "XX";
    private const string Europe = "EUR";

    public static ImportResult Import(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var warnings = new List<string>();
        var inputs = Read(directory, "inputs.csv");
        var providers = Read(directory, "providers.csv");
        var provision = Read(directory, "provision.csv");
        var sequence = Read(directory, "sequence.csv");
        var stages = File.Exists(Path.Combine(directory, "stages.csv")) ? Read(directory, "stages.csv") : [];

        // Jurisdictions and organizations.
        var jurisdictions = new SortedDictionary<string, Jurisdiction>(StringComparer.Ordinal);
        var providerById = new Dictionary<string, (string Kind, string Id)>(StringComparer.Ordinal);
        var organizations = new List<Organization>();
        var orgIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in providers)
        {
            var pid = p.Get("provider_id");
            var name = p.Get("provider_name");
            if (providerById.ContainsKey(pid))
            {
                warnings.Add($"providers.csv record {p.Line - 1}: provider id {pid} ({name}) appears again; merged with its first row.");
                continue;
            }

            if (p.Get("provider_type") == "country")
            {
                var j = Jurisdiction(name, p.Get("alias"), jurisdictions, warnings);
                providerById[pid] = ("country", j);
            }
            else
            {
                var country = p.Get("country");
                var hq = country.Length == 0 ? null : Jurisdiction(country, "", jurisdictions, warnings);
                if (hq is null)
                {
                    warnings.Add($"providers.csv: organization '{name}' ({pid}) has no country; placed in '{Various}' (various or unknown countries).");
                    hq = Jurisdiction("Various countries", "", jurisdictions, warnings);
                }

                var id = UniqueId(Slug(name), pid, orgIds);
                organizations.Add(new Organization { Id = id, Name = name, Hq = hq });
                providerById[pid] = ("org", id);
            }
        }

        // Components from inputs and stages.
        var components = new List<(string EtoId, Component Component)>();
        var componentIds = new HashSet<string>(StringComparer.Ordinal);
        var byEtoId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in stages)
        {
            var etoId = s.Get("stage_id");
            var id = UniqueId(Slug(s.Get("stage_name")), etoId, componentIds);
            byEtoId[etoId] = id;
            components.Add((etoId, new Component { Id = id, Name = s.Get("stage_name"), Layer = StageLayer(s.Get("stage_name")) }));
        }

        foreach (var i in inputs)
        {
            var etoId = i.Get("input_id");
            var id = UniqueId(Slug(i.Get("input_name")), etoId, componentIds);
            byEtoId[etoId] = id;
            components.Add((etoId, new Component { Id = id, Name = i.Get("input_name"), Layer = InputLayer(i.Get("type"), i.Get("stage_name"), i.Get("input_name")) }));
        }

        // Sequence: "goes into" is a requirement of the receiving input; "is a type of" a category.
        var requires = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        var requirementCount = 0;
        foreach (var row in sequence)
        {
            var from = row.Get("input_id");
            if (!byEtoId.TryGetValue(from, out var fromId))
            {
                warnings.Add($"sequence.csv record {row.Line - 1}: unknown input id '{from}'; row skipped.");
                continue;
            }

            if (row.Get("goes_into_id") is { Length: > 0 } into)
            {
                if (byEtoId.TryGetValue(into, out var intoId))
                {
                    var list = requires.TryGetValue(intoId, out var l) ? l : requires[intoId] = [];
                    if (!list.Contains(fromId))
                    {
                        list.Add(fromId);
                        requirementCount++;
                    }
                }
                else
                {
                    warnings.Add($"sequence.csv record {row.Line - 1}: '{from}' goes into unknown id '{into}'; edge skipped.");
                }
            }

            if (row.Get("is_type_of_id") is { Length: > 0 } parent)
            {
                if (byEtoId.TryGetValue(parent, out var parentId))
                {
                    categories[fromId] = parentId;
                }
                else
                {
                    warnings.Add($"sequence.csv record {row.Line - 1}: '{from}' is a type of unknown id '{parent}'; category skipped.");
                }
            }
        }

        // Provision: merge repeated rows, then reconcile firms with their country rows.
        var rows = new Dictionary<string, Dictionary<string, (double? Share, string? Source, string? Year, int Line)>>(StringComparer.Ordinal);
        foreach (var row in provision)
        {
            var pid = row.Get("provider_id");
            var target = row.Get("provided_id");
            if (!byEtoId.ContainsKey(target))
            {
                warnings.Add($"provision.csv record {row.Line - 1}: unknown input id '{target}' ({row.Get("provided_name")}); row skipped.");
                continue;
            }

            if (!providerById.ContainsKey(pid))
            {
                warnings.Add($"provision.csv record {row.Line - 1}: unknown provider id '{pid}' ({row.Get("provider_name")}); row skipped.");
                continue;
            }

            var text = row.Get("share_provided");
            double? share = null;
            if (text.Length > 0)
            {
                if (Models.ModelReader.ParseShare(text.TrimEnd('%')) is { } value)
                {
                    share = value / 100;
                }
                else
                {
                    warnings.Add($"provision.csv record {row.Line - 1}: share '{text}' is not a number; provider kept with unknown share.");
                }
            }

            var perInput = rows.TryGetValue(target, out var d) ? d : rows[target] = new(StringComparer.Ordinal);
            if (perInput.TryGetValue(pid, out var existing))
            {
                warnings.Add($"provision.csv record {row.Line - 1}: provider {pid} ({row.Get("provider_name")}) appears again for {target}; rows merged (the larger share kept).");
                if ((share ?? -1) <= (existing.Share ?? -1))
                {
                    continue;
                }
            }

            perInput[pid] = (share, row.Get("source") is { Length: > 0 } src ? src : null, row.Get("year") is { Length: > 0 } y ? y : null, row.Line);
        }

        var orgHq = organizations.ToDictionary(o => o.Id, o => o.Hq, StringComparer.Ordinal);
        var tolerance = Models.ModelReaderDefaults.ShareTolerance;
        var providerCount = 0;
        var built = new List<Component>();
        foreach (var (etoId, component) in components)
        {
            var list = new List<Provider>();
            if (rows.TryGetValue(etoId, out var perInput))
            {
                var countryShare = new Dictionary<string, double?>(StringComparer.Ordinal);
                var firms = new List<(string Org, string Hq, double? Share, string? Source, string? Year)>();
                string? commonSource = null;
                string? commonYear = null;
                foreach (var (pid, row) in perInput)
                {
                    commonSource ??= row.Source;
                    commonYear ??= row.Year;
                    var (kind, id) = providerById[pid];
                    if (kind == "country")
                    {
                        countryShare[id] = row.Share;
                    }
                    else
                    {
                        firms.Add((id, orgHq[id], row.Share, row.Source, row.Year));
                    }
                }

                var source = Source(commonSource);
                foreach (var group in firms.GroupBy(f => f.Hq, StringComparer.Ordinal))
                {
                    var known = group.Where(f => f.Share is not null).Sum(f => f.Share!.Value);
                    var scale = 1.0;
                    if (countryShare.TryGetValue(group.Key, out var cs) && cs is { } c && known > c + 1e-9)
                    {
                        scale = known > 0 ? c / known : 1;
                        warnings.Add($"{component.Id}: firms headquartered in {group.Key} sum to {Pct(known)}, above the country row's {Pct(c)}; firm shares scaled down to it.");
                    }

                    foreach (var f in group)
                    {
                        list.Add(new Provider { Org = f.Org, Share = f.Share is { } s ? Math.Round(s * scale, 6) : null, Source = Source(f.Source) ?? source, AsOf = f.Year ?? commonYear });
                    }
                }

                foreach (var (country, share) in countryShare.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    var firmTotal = firms.Where(f => f.Hq == country && f.Share is not null).Sum(f => f.Share!.Value);
                    if (share is null)
                    {
                        if (!firms.Any(f => f.Hq == country))
                        {
                            list.Add(new Provider { Jurisdiction = country, Source = source, AsOf = commonYear });
                        }

                        continue;
                    }

                    var residual = Math.Round(share.Value - Math.Min(firmTotal, share.Value), 6);
                    if (residual > 1e-9 || !firms.Any(f => f.Hq == country))
                    {
                        // The part of the country's share not held by the firms listed.
                        list.Add(new Provider { Jurisdiction = country, Share = residual, Source = source, AsOf = commonYear });
                    }
                }

                var total = list.Sum(p => p.Share ?? 0);
                if (total > 1 + 1e-9)
                {
                    warnings.Add($"{component.Id}: provider shares sum to {Pct(total)}, above 100% (the data rounds small shares up); share_tolerance raised to cover it.");
                    tolerance = Math.Max(tolerance, Math.Ceiling((total - 1) * 100) / 100);
                }
            }

            if (list.Count == 0)
            {
                warnings.Add($"{component.Id}: no providers in the data.");
            }

            providerCount += list.Count;
            built.Add(component with
            {
                Providers = list,
                Requires = requires.TryGetValue(component.Id, out var r) ? r.Select(x => (Requirement)new ComponentRequirement(x)).ToList() : [],
                Category = categories.GetValueOrDefault(component.Id),
            });
        }

        var blocs = new List<Bloc>();
        var europeMembers = jurisdictions.Keys.Where(European.Contains).ToList();
        if (jurisdictions.ContainsKey(Europe) && europeMembers.Count > 0)
        {
            blocs.Add(new Bloc { Id = "europe", Name = "European countries in the data", Members = europeMembers });
        }

        foreach (var pseudo in new[] { Various, Europe }.Where(jurisdictions.ContainsKey))
        {
            warnings.Add($"pseudo-provider '{jurisdictions[pseudo].Name}' kept as jurisdiction {pseudo}: its share cannot be placed in one country" +
                (pseudo == Europe ? "; the bloc 'europe' lists the European countries of the data." : "."));
        }

        var model = new StackModel
        {
            Name = "ETO Advanced Semiconductor Supply Chain Dataset (imported)",
            Attribution = Attribution,
            ShareTolerance = tolerance > Models.ModelReaderDefaults.ShareTolerance ? tolerance : null,
            Jurisdictions = jurisdictions.Values.ToList(),
            Blocs = blocs,
            Organizations = organizations,
            Components = built,
            Targets = built.Where(c => c.Name == "Logic chip" || c.Id.StartsWith("logic-chip", StringComparison.Ordinal)).Take(1)
                .Select(c => new Target { Id = c.Id, Component = c.Id }).ToList(),
        };
        return new ImportResult(model, new ImportReport(built.Count, providerCount, organizations.Count, jurisdictions.Count, requirementCount, categories.Count, warnings));
    }

    private static string? Source(string? source) =>
        source is null ? "CSET/ETO Advanced Semiconductor Supply Chain Dataset" : $"CSET/ETO Advanced Semiconductor Supply Chain Dataset: {source}";

    private static string Pct(double x) => (x * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Jurisdiction(string code, string alias, SortedDictionary<string, Jurisdiction> jurisdictions, List<string> warnings)
    {
        string id;
        string name;
        if (code is "Various countries" or "Various")
        {
            (id, name) = (Various, "Various countries (pseudo-provider)");
        }
        else if (code == "EUR")
        {
            (id, name) = (Europe, "Europe, unspecified (pseudo-provider)");
        }
        else if (Alpha2.TryGetValue(code, out var a2))
        {
            (id, name) = (a2, alias.Length > 0 ? alias : code);
        }
        else
        {
            (id, name) = (code, alias.Length > 0 ? alias : code);
            if (!jurisdictions.ContainsKey(id))
            {
                warnings.Add($"country code '{code}' has no ISO alpha-2 mapping here; kept as '{code}'.");
            }
        }

        if (!jurisdictions.TryGetValue(id, out var existing) || (existing.Name == code && name != code))
        {
            jurisdictions[id] = new Jurisdiction { Id = id, Name = name };
        }

        return id;
    }

    private static string StageLayer(string stage) => stage switch
    {
        "Design" => "design",
        "Fabrication" => "fabrication",
        _ => "packaging",
    };

    private static string InputLayer(string type, string stage, string name) => type switch
    {
        "tool_resource" when name.Contains("design automation", StringComparison.OrdinalIgnoreCase) => "eda",
        "tool_resource" => "equipment",
        "material_resource" => "material",
        "design_resource" => "design",
        "ultimate_output" => "chip",
        "process" => stage.Length > 0 ? StageLayer(stage) : "design",
        _ => "design",
    };

    /// <summary>lowercase-kebab ids: "EUV lithography tools" → "euv-lithography-tools".</summary>
    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "x" : slug;
    }

    private static string UniqueId(string slug, string etoId, HashSet<string> used)
    {
        var id = used.Contains(slug) ? $"{slug}-{etoId.ToLowerInvariant()}" : slug;
        used.Add(id);
        return id;
    }

    /// <summary>One CSV row with its 1-based line, read by column name.</summary>
    private sealed class Row(Dictionary<string, string> values, int line)
    {
        public int Line { get; } = line;

        public string Get(string column) => values.TryGetValue(column, out var v) ? v.Trim() : "";
    }

    private static List<Row> Read(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new EtoFormatException($"{path}: not found; an ETO data folder holds inputs.csv, providers.csv, provision.csv, sequence.csv (and stages.csv).");
        }

        var rows = new List<Row>();
        var line = 1;
        try
        {
            using var text = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            using var reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, MaxBufferSize = Tables.CsvTable.MaxRecordCharacters });
            var names = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim().TrimStart('\uFEFF')).ToArray();
            while (reader.Read())
            {
                line++;
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < names.Length && i < reader.FieldCount; i++)
                {
                    values[names[i]] = reader.GetString(i);
                }

                rows.Add(new Row(values, line));
            }
        }
        catch (Exception e) when (e is CsvFormatException or CsvRecordTooLargeException or System.Text.DecoderFallbackException or IOException)
        {
            var where = e is CsvMissingHeadersException ? "" : $", row {line + 1} (the header is row 1)";
            throw new EtoFormatException($"{path}{where}: not readable as CSV ({e.Message.TrimEnd('.')}); use the tables as downloaded from the ETO Chip Explorer (UTF-8, a header row, quotes closed).");
        }

        return rows;
    }
}
