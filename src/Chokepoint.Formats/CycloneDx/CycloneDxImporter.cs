using System.Globalization;
using System.Text;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Documents;
using Chokepoint.Formats.Models;

namespace Chokepoint.Formats.CycloneDx;

/// <summary>How to import an SBOM.</summary>
public sealed record CycloneDxImportOptions
{
    /// <summary>
    /// The home jurisdiction: written as the model's <c>home</c>, and where the SBOM's subject
    /// (<c>metadata.component</c>) is built when the SBOM states no origin for it. Null: the
    /// subject's own single country of origin, if it has one.
    /// </summary>
    public string? Home { get; init; }
}

/// <summary>A component whose SBOM entry states no country of origin, and where the import placed it.</summary>
/// <param name="Component">The component id in the model.</param>
/// <param name="PlacedIn">The jurisdiction of its provider: its supplier's country, or <see cref="CycloneDxImporter.UnknownOrigin"/>.</param>
/// <param name="Organization">The supplier or manufacturer that became its provider, if any.</param>
public sealed record ComponentWithoutOrigin(string Component, string PlacedIn, string? Organization);

/// <summary>What an import found, for the report printed beside the model.</summary>
public sealed record CycloneDxImportReport
{
    public required string File { get; init; }
    public required string SpecVersion { get; init; }

    /// <summary>Components in the model: the SBOM's components (nested ones too), services, and the subject.</summary>
    public int Components { get; init; }

    /// <summary>Requirements in the model: the SBOM's distinct dependency edges, less any dropped to break cycles.</summary>
    public int Dependencies { get; init; }

    public int Organizations { get; init; }
    public int Jurisdictions { get; init; }
    public string? Target { get; init; }
    public string? Home { get; init; }
    public IReadOnlyList<ComponentWithoutOrigin> WithoutOrigin { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>The imported model, what the import found, and the model's validation findings.</summary>
public sealed record CycloneDxImportResult(StackModel Model, CycloneDxImportReport Report, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>
/// Reads a CycloneDX JSON SBOM (spec 1.4 to 1.6) into a <c>chokepoint/v1</c> stack: components
/// (nested ones too) and services become components, <c>dependencies</c> become <c>requires</c>,
/// suppliers and manufacturers become organizations, <c>metadata.component</c> becomes the
/// target. Countries of origin come from the <c>cdx:device:countryOfOrigin</c> property (one
/// provider, share 1) or the <c>cdx:chokepoint:origins</c> property (<c>US=0.6,CN=0.4</c>: one
/// provider per country). Where the SBOM states no origin, nothing is guessed: the supplier becomes
/// the provider at its stated address, or in <see cref="UnknownOrigin"/>, and the report lists the
/// component. Malformed input throws <see cref="CycloneDxException"/> with file, line and column.
/// </summary>
public static class CycloneDxImporter
{
    /// <summary>The jurisdiction of providers whose country is not known (ISO 3166 user-assigned code).</summary>
    public const string UnknownOrigin = "ZZ";

    /// <summary>The property that gives one country of origin (CycloneDX property taxonomy).</summary>
    public const string CountryOfOriginProperty = "cdx:device:countryOfOrigin";

    /// <summary>The property that gives a country distribution: <c>US=0.6,CN=0.4</c>.</summary>
    public const string OriginsProperty = "cdx:chokepoint:origins";

    /// <summary>The spec versions this importer reads.</summary>
    public static IReadOnlyList<string> SpecVersions { get; } = ["1.4", "1.5", "1.6"];

    /// <summary>Reads and imports the SBOM at <paramref name="path"/>.</summary>
    public static CycloneDxImportResult Import(string path, CycloneDxImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CycloneDxException(path, 0, 0, $"cannot read the file: {e.Message}", e);
        }

        return Read(text, path, options);
    }

    /// <summary>Imports SBOM <paramref name="text"/>; <paramref name="file"/> names it in messages and sources.</summary>
    public static CycloneDxImportResult Read(string text, string file, CycloneDxImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        options ??= new CycloneDxImportOptions();
        if (options.Home is { } h && !IsJurisdictionCode(h))
        {
            throw new ArgumentException($"home '{h}' is not an ISO 3166 code such as DE or CN-GD.", nameof(options));
        }

        if (text.TrimStart().StartsWith('<'))
        {
            throw new CycloneDxException(file, 1, 1, "this looks like XML; the importer reads CycloneDX JSON (the CycloneDX .NET tool writes it with -F Json).");
        }

        Node? root;
        try
        {
            root = string.IsNullOrWhiteSpace(text) ? null : JsonDocumentReader.Read(text);
        }
        catch (DocumentSyntaxException e)
        {
            throw new CycloneDxException(file, e.Line, e.Column, e.Message, e);
        }

        return new Importing(file, options).Run(root);
    }

    /// <summary>True for an ISO 3166-1 alpha-2 code (<c>DE</c>) or a subdivision (<c>CN-GD</c>), any case.</summary>
    public static bool IsJurisdictionCode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var country = dash < 0 ? text : text[..dash];
        var sub = dash < 0 ? null : text[(dash + 1)..];
        return country.Length == 2 && country.All(char.IsAsciiLetter)
            && (sub is null || (sub.Length is >= 1 and <= 3 && sub.All(char.IsAsciiLetterOrDigit)));
    }

    /// <summary>The model layer of a CycloneDX component type.</summary>
    public static string LayerOf(string? type) => type switch
    {
        "library" or "framework" => "framework",
        "application" => "app",
        "operating-system" or "firmware" => "os",
        "device" => "device",
        "container" or "platform" => "cloud",
        _ => "app",
    };

    /// <summary>A lowercase-kebab id: ASCII letters and digits, every other run of characters one hyphen.</summary>
    public static string Kebab(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        return sb.ToString().TrimEnd('-');
    }

    /// <summary>An organizational entity (supplier, manufacturer, service provider) as written.</summary>
    private sealed record OrgEntity(string Name, string? Country, Node Node);

    /// <summary>One SBOM component or service on its way to becoming a model component.</summary>
    private sealed class Entry
    {
        public required MappingNode Node { get; init; }
        public required string Path { get; init; }
        public required string Name { get; init; }
        public string? Version { get; init; }
        public string? Group { get; init; }
        public string? BomRef { get; init; }
        public Node? BomRefNode { get; init; }
        public required string Layer { get; init; }
        /// <summary>The manufacturer and the supplier (or a service's provider), as named; the first is the provider.</summary>
        public required IReadOnlyList<OrgEntity> Orgs { get; init; }

        public OrgEntity? Org => Orgs.Count > 0 ? Orgs[0] : null;
        public List<(string Code, double? Share)> Origins { get; } = [];
        public string? OriginSource { get; set; }
        public bool IsRoot { get; set; }
        public string Id { get; set; } = "";
        public List<string> DependsOn { get; } = [];
    }

    private sealed class Importing(string file, CycloneDxImportOptions options)
    {
        private readonly List<Entry> _entries = [];
        private readonly List<string> _warnings = [];
        private readonly string _sourceName = System.IO.Path.GetFileName(file);

        // Findings go to the one sink and the import goes on without the element at fault, so every
        // problem of the SBOM is reported at once; only a file that is no CycloneDX SBOM at all throws.
        private readonly DiagnosticSink _sink = new(file);

        public CycloneDxImportResult Run(Node? root)
        {
            if (root is null)
            {
                throw Fail(null, "the file is empty; a CycloneDX SBOM is a JSON object with bomFormat, specVersion and components.");
            }

            var bom = root as MappingNode ?? throw Fail(root, $"the document must be a JSON object with bomFormat, specVersion and components, not {NodeFields.Describe(root)}.");
            var format = Get(bom, "bomFormat") is { } formatNode ? (formatNode as ScalarNode is { Quoted: true } f ? f.Value : throw Fail(formatNode, $"bomFormat must be a string, not {NodeFields.Describe(formatNode)}.")) : null;
            if (format is null)
            {
                throw Fail(bom, "bomFormat is missing: this is not a CycloneDX SBOM (expected \"bomFormat\": \"CycloneDX\").");
            }

            if (format != "CycloneDX")
            {
                throw Fail(Get(bom, "bomFormat"), $"bomFormat is '{format}', not 'CycloneDX'.");
            }

            var spec = (Get(bom, "specVersion") is { } specNode ? (specNode as ScalarNode is { Quoted: true } v ? v.Value : throw Fail(specNode, $"specVersion must be a string, not {NodeFields.Describe(specNode)}.")) : null)
                ?? throw Fail(bom, "specVersion is missing; this importer reads CycloneDX 1.4 to 1.6 (\"specVersion\": \"1.6\").");
            if (!SpecVersions.Contains(spec, StringComparer.Ordinal))
            {
                throw Fail(Get(bom, "specVersion"), $"CycloneDX spec version {spec} is not supported: this importer reads 1.4 to 1.6. Generate the SBOM again for spec 1.6 (the CycloneDX .NET tool: --spec-version 1.6).");
            }

            Entry? subject = null;
            if (Get(bom, "metadata") is { } metaNode)
            {
                if (AsMapping(metaNode, "metadata", "an object") is { } meta && Get(meta, "component") is { } rootNode
                    && ReadEntry(rootNode, "metadata.component", isService: false) is { } read)
                {
                    subject = read;
                    subject.IsRoot = true;
                    ReadComponents(subject.Node, "components", "metadata.component.");
                }
            }

            ReadComponents(bom, "components", "");
            ReadServices(bom, "services", "");
            var byRef = IndexRefs(ref subject);
            ReadDependencies(bom, byRef);
            foreach (var e in _entries)
            {
                ReadOrigins(e);
            }

            AssignIds();
            BreakCycles();
            return Build(spec, subject);
        }

        private void ReadComponents(MappingNode parent, string key, string prefix)
        {
            if (Seq(parent, key, prefix + key) is not { } list)
            {
                return;
            }

            for (var i = 0; i < list.Items.Count; i++)
            {
                var path = $"{prefix}{key}[{i}]";
                if (ReadEntry(list.Items[i], path, isService: false) is { } entry)
                {
                    ReadComponents(entry.Node, "components", path + ".");
                }
            }
        }

        private void ReadServices(MappingNode parent, string key, string prefix)
        {
            if (Seq(parent, key, prefix + key) is not { } list)
            {
                return;
            }

            for (var i = 0; i < list.Items.Count; i++)
            {
                var path = $"{prefix}{key}[{i}]";
                if (ReadEntry(list.Items[i], path, isService: true) is { } entry)
                {
                    ReadServices(entry.Node, "services", path + ".");
                }
            }
        }

        private Entry? ReadEntry(Node node, string path, bool isService)
        {
            if (AsMapping(node, path, isService ? "a service object" : "a component object") is not { } map)
            {
                return null;
            }

            var type = isService ? null : Text(map, "type", path + ".type");
            var name = Text(map, "name", path + ".name");
            var bomRef = Text(map, "bom-ref", path + ".bom-ref");
            var purl = Text(map, "purl", path + ".purl");
            var version = Text(map, "version", path + ".version");
            var group = Text(map, "group", path + ".group");
            name ??= purl ?? bomRef;
            if (name is null && Get(map, "name") is not null)
            {
                return null; // a name of the wrong type, already reported
            }

            if (name is null)
            {
                Report(DiagnosticCodes.MissingField, map, path, $"{path} has no name, purl or bom-ref, so it cannot be named.", "Give it a \"name\".");
                return null;
            }

            if (group is null && purl is not null)
            {
                group = PurlNamespace(purl);
            }

            // The manufacturer makes the component, so it is the provider; the supplier distributes it and
            // is the provider only when no manufacturer is named. Both become organizations. A service has a provider.
            var orgs = (isService ? [ReadOrg(map, "provider", path)] : new[] { ReadOrg(map, "manufacturer", path), ReadOrg(map, "supplier", path) })
                .OfType<OrgEntity>().ToList();
            var entry = new Entry
            {
                Node = map,
                Path = path,
                Name = name,
                Version = version,
                Group = group,
                BomRef = bomRef,
                BomRefNode = Get(map, "bom-ref"),
                Layer = isService ? "service" : LayerOf(type),
                Orgs = orgs,
            };
            _entries.Add(entry);
            return entry;
        }

        /// <summary>The namespace of a package URL (<c>pkg:maven/org.apache/commons@1</c> → <c>org.apache</c>), if any.</summary>
        private static string? PurlNamespace(string purl)
        {
            var rest = purl.StartsWith("pkg:", StringComparison.Ordinal) ? purl[4..] : purl;
            var end = rest.IndexOfAny(['@', '?', '#']);
            rest = end >= 0 ? rest[..end] : rest;
            var parts = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length > 2 ? Uri.UnescapeDataString(string.Join('/', parts[1..^1])) : null;
        }

        private OrgEntity? ReadOrg(MappingNode map, string key, string path)
        {
            if (Get(map, key) is not { } node)
            {
                return null;
            }

            if (AsMapping(node, $"{path}.{key}", "an organizational entity object {name, url, address}") is not { } org)
            {
                return null;
            }

            var name = Text(org, "name", $"{path}.{key}.name");
            if (name is null && Seq(org, "url", $"{path}.{key}.url") is { Items.Count: > 0 } urls)
            {
                var url = Scalar(urls.Items[0], $"{path}.{key}.url[0]");
                name = url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : url;
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                return null;
            }

            string? country = null;
            if (Get(org, "address") is { } addressNode)
            {
                if (AsMapping(addressNode, $"{path}.{key}.address", "a postal address object") is { } address
                    && Text(address, "country", $"{path}.{key}.address.country") is { } c)
                {
                    if (IsJurisdictionCode(c.Trim()) && !c.Contains('-', StringComparison.Ordinal))
                    {
                        country = c.Trim().ToUpperInvariant();
                    }
                    else
                    {
                        var at = Get(address, "country")!;
                        _warnings.Add($"{file}:{at.Line}:{at.Column}: the country '{c}' of {name} is not an ISO 3166-1 alpha-2 code; its headquarters are taken as unknown ({UnknownOrigin}).");
                    }
                }
            }

            return new OrgEntity(name.Trim(), country, node);
        }

        private Dictionary<string, Entry> IndexRefs(ref Entry? subject)
        {
            var byRef = new Dictionary<string, Entry>(StringComparer.Ordinal);
            var twice = new HashSet<Entry>();
            foreach (var e in _entries.Where(e => e.BomRef is not null && !e.IsRoot))
            {
                if (!byRef.TryAdd(e.BomRef!, e))
                {
                    var first = byRef[e.BomRef!].BomRefNode!;
                    Report(DiagnosticCodes.DuplicateId, e.BomRefNode, e.Path + ".bom-ref", $"bom-ref '{e.BomRef}' is used twice (first at line {first.Line}); bom-refs must be unique.", "Give each component its own bom-ref.");
                    twice.Add(e);
                }
            }

            // The second of two entries with one bom-ref is left out, after its finding.
            _entries.RemoveAll(twice.Contains);

            // Some tools list the subject among the components too: the two are one component.
            if (subject is { BomRef: { } rootRef } && byRef.TryGetValue(rootRef, out var listed))
            {
                _entries.Remove(subject);
                listed.IsRoot = true;
                subject = listed;
            }
            else if (subject is { BomRef: { } r })
            {
                byRef[r] = subject;
            }

            return byRef;
        }

        private void ReadDependencies(MappingNode bom, Dictionary<string, Entry> byRef)
        {
            if (Seq(bom, "dependencies", "dependencies") is not { } list)
            {
                return;
            }

            for (var i = 0; i < list.Items.Count; i++)
            {
                var path = $"dependencies[{i}]";
                if (AsMapping(list.Items[i], path, "a dependency object {ref, dependsOn}") is not { } dep)
                {
                    continue;
                }

                var from = Text(dep, "ref", path + ".ref");
                if (from is null)
                {
                    if (Get(dep, "ref") is null)
                    {
                        Report(DiagnosticCodes.MissingField, dep, path, $"{path} has no ref.", "Give the bom-ref of the component whose dependencies these are, as \"ref\".");
                    }

                    continue;
                }

                if (Resolve(byRef, from, Get(dep, "ref")!, path + ".ref") is not { } entry || Seq(dep, "dependsOn", path + ".dependsOn") is not { } on)
                {
                    continue;
                }

                for (var j = 0; j < on.Items.Count; j++)
                {
                    if (Scalar(on.Items[j], $"{path}.dependsOn[{j}]") is not { } to || Resolve(byRef, to, on.Items[j], $"{path}.dependsOn[{j}]") is not { } target)
                    {
                        continue;
                    }

                    if (target == entry)
                    {
                        _warnings.Add($"{file}:{on.Items[j].Line}:{on.Items[j].Column}: '{from}' depends on itself; the self-dependency is left out.");
                    }
                    else if (!entry.DependsOn.Contains(to))
                    {
                        entry.DependsOn.Add(to);
                    }
                }
            }
        }

        private Entry? Resolve(Dictionary<string, Entry> byRef, string reference, Node at, string path)
        {
            if (byRef.TryGetValue(reference, out var e))
            {
                return e;
            }

            Report(DiagnosticCodes.UnknownReference, at, path, $"{path} refers to '{reference}', which is not the bom-ref of any component or service in the SBOM.", "Name the bom-ref of a component or service of the SBOM.");
            return null;
        }

        private void ReadOrigins(Entry e)
        {
            if (Seq(e.Node, "properties", e.Path + ".properties") is not { } props)
            {
                return;
            }

            var countries = new List<(string Code, Node At)>();
            (string Value, Node At)? origins = null;
            for (var i = 0; i < props.Items.Count; i++)
            {
                var path = $"{e.Path}.properties[{i}]";
                if (AsMapping(props.Items[i], path, "a property object {name, value}") is not { } p)
                {
                    continue;
                }

                var name = Text(p, "name", path + ".name");
                if (name is not (CountryOfOriginProperty or OriginsProperty))
                {
                    continue;
                }

                var value = Text(p, "value", path + ".value");
                if (value is null)
                {
                    if (Get(p, "value") is null)
                    {
                        Report(DiagnosticCodes.MissingField, p, path, $"{path}: property {name} has no value.", "Give its \"value\".");
                    }

                    continue;
                }

                var at = Get(p, "value")!;
                if (name == OriginsProperty)
                {
                    if (origins is not null)
                    {
                        Report(DiagnosticCodes.DuplicateKey, at, path, $"{path}: {OriginsProperty} is given twice for '{e.Name}'.", "Write one distribution such as \"US=0.6,CN=0.4\".");
                        continue;
                    }

                    origins = (value, at);
                }
                else
                {
                    var code = value.Trim();
                    if (code.Length != 2 || !IsJurisdictionCode(code))
                    {
                        Report(DiagnosticCodes.WrongType, at, path, $"{path}: {CountryOfOriginProperty} '{value}' is not an ISO 3166-1 alpha-2 code such as US or DE.", "Write a two-letter country code such as US or DE.");
                        continue;
                    }

                    countries.Add((code.ToUpperInvariant(), at));
                }
            }

            if (origins is { } o)
            {
                ParseOrigins(e, o.Value, o.At);
                e.OriginSource = OriginsProperty;
                if (countries.Count > 0)
                {
                    _warnings.Add($"{file}:{countries[0].At.Line}:{countries[0].At.Column}: '{e.Name}' has both {OriginsProperty} and {CountryOfOriginProperty}; the distribution in {OriginsProperty} is used.");
                }

                return;
            }

            var distinct = countries.Select(c => c.Code).Distinct(StringComparer.Ordinal).ToList();
            if (distinct.Count == 1)
            {
                e.Origins.Add((distinct[0], 1.0));
            }
            else if (distinct.Count > 1)
            {
                // Several countries of origin without shares: each is a provider whose share is unknown.
                e.Origins.AddRange(distinct.Select(c => (c, (double?)null)));
                _warnings.Add($"{file}:{countries[1].At.Line}:{countries[1].At.Column}: '{e.Name}' has {distinct.Count} countries of origin ({string.Join(", ", distinct)}) and no shares; each is a provider with unknown share. Give {OriginsProperty} to set the shares.");
            }

            e.OriginSource = distinct.Count > 0 ? CountryOfOriginProperty : null;
        }

        private void ParseOrigins(Entry e, string value, Node at)
        {
            var items = value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (items.Length == 0)
            {
                BadOrigins(e, at, $"{OriginsProperty} of '{e.Name}' is empty; write a distribution such as \"US=0.6,CN=0.4\".");
                return;
            }

            foreach (var item in items)
            {
                var eq = item.IndexOf('=', StringComparison.Ordinal);
                var code = (eq < 0 ? item : item[..eq]).Trim();
                if (!IsJurisdictionCode(code))
                {
                    BadOrigins(e, at, $"{OriginsProperty} of '{e.Name}': '{code}' is not an ISO 3166 code such as US or CN-GD (in \"{value}\").");
                    return;
                }

                code = code.ToUpperInvariant();
                double? share = null;
                if (eq >= 0)
                {
                    var text = item[(eq + 1)..].Trim();
                    share = ModelReader.ParseShare(text) is { } s and >= 0 and <= 1 ? s : null;
                    if (share is null)
                    {
                        BadOrigins(e, at, $"{OriginsProperty} of '{e.Name}': the share '{text}' of {code} is not a number between 0 and 1 (or a percentage such as 60%).");
                        return;
                    }
                }

                if (e.Origins.Any(x => x.Code == code))
                {
                    BadOrigins(e, at, $"{OriginsProperty} of '{e.Name}' names {code} twice (in \"{value}\").");
                    return;
                }

                e.Origins.Add((code, share));
            }

            var sum = e.Origins.Sum(x => x.Share ?? 0);
            if (sum > 1 + StackModel.DefaultShareTolerance)
            {
                BadOrigins(e, at, $"{OriginsProperty} of '{e.Name}': the shares sum to {sum.ToString("0.###", CultureInfo.InvariantCulture)}, above 1.");
            }
        }

        /// <summary>
        /// Readable ids: the name; where names clash, group and name; then with the version; then the
        /// bom-ref; a numeric suffix as the last resort. Each level is tried over all entries at once,
        /// so an id does not depend on which of two clashing entries came first.
        /// </summary>
        private void AssignIds()
        {
            Func<Entry, string>[] levels =
            [
                e => Kebab(e.Name),
                e => Kebab($"{e.Group} {e.Name}"),
                e => Kebab($"{e.Group} {e.Name} {e.Version}"),
                e => Kebab(e.BomRef ?? $"{e.Group} {e.Name} {e.Version}"),
            ];
            var pending = _entries.ToList();
            foreach (var level in levels)
            {
                var counts = pending.GroupBy(e => Fallback(level(e))).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                foreach (var e in pending.Where(e => counts[Fallback(level(e))] == 1))
                {
                    e.Id = Fallback(level(e));
                }

                pending.RemoveAll(e => e.Id.Length > 0);
            }

            foreach (var e in pending)
            {
                e.Id = Fallback(levels[^1](e));
            }

            // Ids chosen at different levels may still meet; later entries get a suffix.
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in _entries)
            {
                var id = e.Id;
                for (var n = 2; !used.Add(id); n++)
                {
                    id = $"{e.Id}-{n}";
                }

                e.Id = id;
            }
        }

        private static string Fallback(string id) => id.Length > 0 ? id : "component";

        /// <summary>The model may not have cycles in <c>requires</c>: drops the edge that closes each one, in document order, and says so.</summary>
        private void BreakCycles()
        {
            var number = new Dictionary<Entry, int>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < _entries.Count; i++)
            {
                number[_entries[i]] = i;
            }

            var byRef = _entries.Where(e => e.BomRef is not null).ToDictionary(e => e.BomRef!, e => number[e], StringComparer.Ordinal);
            Logic.Graph.DepthFirst.Walk(_entries.Count, Enumerable.Range(0, _entries.Count), e => _entries[e].DependsOn.Count, (e, k) => byRef[_entries[e].DependsOn[k]], (from, edge, path) =>
            {
                var node = _entries[from];
                var child = _entries[path[0]];
                var loop = path.Select(e => _entries[e].Id).Append(child.Id);
                _warnings.Add($"dependency cycle {string.Join(" → ", loop)}: the requirement of '{node.Id}' on '{child.Id}' is left out, since a stack may not require itself.");
                node.DependsOn.RemoveAt(edge);
                return true;
            });
        }

        private CycloneDxImportResult Build(string spec, Entry? subject)
        {
            var home = options.Home?.ToUpperInvariant();
            if (home is null && subject is { Origins: [{ Code: var only }] })
            {
                home = only;
            }

            var byRef = _entries.Where(e => e.BomRef is not null).ToDictionary(e => e.BomRef!, StringComparer.Ordinal);
            var jurisdictions = new SortedSet<string>(StringComparer.Ordinal);
            var orgs = new Dictionary<string, (string Id, OrgEntity Entity, string Hq)>(StringComparer.Ordinal);
            var orgIds = new HashSet<string>(StringComparer.Ordinal);
            var withoutOrigin = new List<ComponentWithoutOrigin>();
            var components = new List<Component>();
            if (home is not null)
            {
                jurisdictions.Add(home);
            }

            string? OrgId(OrgEntity? entity)
            {
                if (entity is null)
                {
                    return null;
                }

                if (orgs.TryGetValue(entity.Name, out var known))
                {
                    if (entity.Country is { } c && c != known.Hq)
                    {
                        _warnings.Add($"{file}:{entity.Node.Line}:{entity.Node.Column}: {entity.Name} is given in {c} here and in {known.Hq} before; its headquarters stay in {known.Hq}.");
                    }

                    return known.Id;
                }

                var baseId = Fallback(Kebab(entity.Name));
                var id = baseId;
                for (var n = 2; !orgIds.Add(id); n++)
                {
                    id = $"{baseId}-{n}";
                }

                var hq = entity.Country ?? UnknownOrigin;
                jurisdictions.Add(hq);
                orgs[entity.Name] = (id, entity, hq);
                return id;
            }

            foreach (var e in _entries)
            {
                var orgIdsHere = e.Orgs.Select(OrgId).ToList();
                var org = orgIdsHere.Count > 0 ? orgIdsHere[0] : null;
                var span = new SourceSpan(file, e.Path, new SourcePosition(e.Node.Line, e.Node.Column));
                List<Provider> providers;
                if (e.Origins.Count > 0)
                {
                    providers = e.Origins.Select(o => new Provider { Org = org, Jurisdiction = o.Code, Share = o.Share, Source = $"CycloneDX SBOM {_sourceName}: {e.OriginSource}" }).ToList();
                    foreach (var o in e.Origins)
                    {
                        jurisdictions.Add(o.Code);
                    }
                }
                else if (e.IsRoot && home is not null)
                {
                    providers = [new Provider { Org = org, Jurisdiction = home, Share = 1.0, Source = $"CycloneDX SBOM {_sourceName}: the SBOM's subject, built in the home {home}" }];
                }
                else if (org is not null)
                {
                    var hq = orgs[e.Org!.Name].Hq;
                    providers = [new Provider { Org = org, Share = 1.0, Source = $"CycloneDX SBOM {_sourceName}: no country of origin; its maker or supplier {e.Org.Name}, placed at its headquarters ({hq})" }];
                    withoutOrigin.Add(new ComponentWithoutOrigin(e.Id, hq, org));
                }
                else
                {
                    jurisdictions.Add(UnknownOrigin);
                    providers = [new Provider { Jurisdiction = UnknownOrigin, Share = 1.0, Source = $"CycloneDX SBOM {_sourceName}: no country of origin and no supplier" }];
                    withoutOrigin.Add(new ComponentWithoutOrigin(e.Id, UnknownOrigin, null));
                }

                components.Add(new Component
                {
                    Id = e.Id,
                    Name = e.Version is null ? e.Name : $"{e.Name} {e.Version}",
                    Layer = e.Layer,
                    Requires = e.DependsOn.Select(r => (Requirement)new ComponentRequirement(byRef[r].Id)).ToList(),
                    Providers = providers,
                    Source = $"CycloneDX SBOM {_sourceName}, {e.Path}",
                    Span = span,
                });
            }

            // A subdivision's country is a jurisdiction too, its parent.
            foreach (var j in jurisdictions.ToList())
            {
                if (j.Contains('-', StringComparison.Ordinal))
                {
                    jurisdictions.Add(j[..j.IndexOf('-', StringComparison.Ordinal)]);
                }
            }

            if (subject is null)
            {
                _warnings.Add("the SBOM has no metadata.component, so the model has no target; pass --target to the analyses.");
            }

            var model = new StackModel
            {
                Name = subject is null ? $"SBOM {_sourceName}" : $"SBOM of {subject.Name}{(subject.Version is null ? "" : " " + subject.Version)}",
                Home = home,
                Jurisdictions = jurisdictions.Select(j => new Jurisdiction
                {
                    Id = j,
                    Name = j == UnknownOrigin ? "unknown origin" : null,
                    Parent = j.Contains('-', StringComparison.Ordinal) ? j[..j.IndexOf('-', StringComparison.Ordinal)] : null,
                }).ToList(),
                Organizations = orgs.Values.Select(o => new Organization { Id = o.Id, Name = o.Entity.Name, Hq = o.Hq }).ToList(),
                Components = components,
                Targets = subject is null ? [] : [new Target { Id = subject.Id, Name = subject.Name, Component = subject.Id }],
            };
            var diagnostics = _sink.HasErrors ? [.. _sink.Items.OrderBy(d => d.Line).ThenBy(d => d.Column)] : ModelValidator.Validate(model);
            var report = new CycloneDxImportReport
            {
                File = file,
                SpecVersion = spec,
                Components = components.Count,
                Dependencies = components.Sum(c => c.Requires.Count),
                Organizations = model.Organizations.Count,
                Jurisdictions = model.Jurisdictions.Count,
                Target = subject?.Id,
                Home = home,
                WithoutOrigin = withoutOrigin,
                Warnings = [.. _warnings, .. diagnostics.Where(d => d.Severity == Severity.Warning).Select(d => d.ToString())],
            };
            return new CycloneDxImportResult(model, report, diagnostics);
        }

        // Typed access through the one accessor: a wrong type is a located finding and null.
        private static Node? Get(MappingNode map, string key)
        {
            foreach (var (k, v) in map.Entries)
            {
                if (k.Value == key)
                {
                    return v is ScalarNode { IsNull: true } ? null : v;
                }
            }

            return null;
        }

        private MappingNode? AsMapping(Node node, string path, string expected) => NodeFields.JsonObject(_sink, node, path, expected);

        private string? Text(MappingNode map, string key, string path) =>
            Get(map, key) is { } node ? Scalar(node, path) : null;

        private string? Scalar(Node node, string path) => NodeFields.JsonString(_sink, node, path);

        private SequenceNode? Seq(MappingNode map, string key, string path)
        {
            switch (Get(map, key))
            {
                case null:
                    return null;
                case SequenceNode s:
                    return s;
                case var other:
                    Report(DiagnosticCodes.WrongType, other, path, $"{path} must be a list, not {NodeFields.Describe(other)}.", "Write a JSON list [ ... ].");
                    return null;
            }
        }

        private void Report(string code, Node? at, string path, string problem, string fix) => _sink.Error(code, at, path, problem, fix);

        /// <summary>A distribution that cannot be read: the finding, and no origins from it (never half of one).</summary>
        private void BadOrigins(Entry e, Node at, string problem)
        {
            e.Origins.Clear();
            Report(DiagnosticCodes.WrongType, at, e.Path + ".properties", problem, "Write a distribution such as \"US=0.6,CN=0.4\".");
        }

        private CycloneDxException Fail(Node? at, string problem) =>
            new(file, at?.Line ?? 1, at?.Column ?? 1, problem);
    }
}
