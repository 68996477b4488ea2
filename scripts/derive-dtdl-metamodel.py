#!/usr/bin/env python3
"""Derives dtc's DTDL language tables from the official DTDL metamodels.

Reads the DTDL v2/v3/v4 contexts, RDF-SHACL metamodels and model-element files under
REFERENCE (default ../shared/reference/dtdl/DTDL) and writes one normalized JSON file,
src/metamodel/data/dtdl-metamodel.json, that the DTDL front end embeds at build time:

  contexts  context id -> {dtdlVersion, kind (core|feature|limit|partner), terms}
  globals   restriction id -> the metamodel's global restrictions (per DTDL version / partner)
  classes   class IRI -> its SHACL node shape with every term expanded to an IRI
  elements  the standard elements (primitive schema aliases, command types, units)

Only normalization happens here (terms expanded, documentation dropped, keys shortened):
the rules stay as the metamodel states them. Re-run after updating the reference:
    python3 scripts/derive-dtdl-metamodel.py [REFERENCE]
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "reference", "dtdl", "DTDL")
OUT = os.path.join(ROOT, "src", "metamodel", "data", "dtdl-metamodel.json")

# (file, context id, dtdl version, kind)
CONTEXTS = [
    ("v2/context/DTDL.v2.context.json", "dtmi:dtdl:context;2", 2, "core"),
    ("v2/context/DTDL.v2.iotcentral.context.json", "dtmi:iotcentral:context;2", 2, "partner"),
    ("v3/context/DTDL.v3.context.json", "dtmi:dtdl:context;3", 3, "core"),
    ("v3/context/DTDL.FeatureExtension.annotation.v1.context.json", "dtmi:dtdl:extension:annotation;1", 3, "feature"),
    ("v3/context/DTDL.FeatureExtension.historization.v1.context.json", "dtmi:dtdl:extension:historization;1", 3, "feature"),
    ("v3/context/DTDL.FeatureExtension.mqtt.v1.context.json", "dtmi:dtdl:extension:mqtt;1", 3, "feature"),
    ("v3/context/DTDL.FeatureExtension.overriding.v1.context.json", "dtmi:dtdl:extension:overriding;1", 3, "feature"),
    ("v3/context/DTDL.FeatureExtension.quantitativeTypes.v1.context.json", "dtmi:dtdl:extension:quantitativeTypes;1", 3, "feature"),
    ("v4/context/DTDL.v4.context.json", "dtmi:dtdl:context;4", 4, "core"),
    ("v4/context/DTDL.FeatureExtension.annotation.v2.context.json", "dtmi:dtdl:extension:annotation;2", 4, "feature"),
    ("v4/context/DTDL.FeatureExtension.historization.v2.context.json", "dtmi:dtdl:extension:historization;2", 4, "feature"),
    ("v4/context/DTDL.FeatureExtension.mqtt.v2.context.json", "dtmi:dtdl:extension:mqtt;2", 4, "feature"),
    ("v4/context/DTDL.FeatureExtension.mqtt.v3.context.json", "dtmi:dtdl:extension:mqtt;3", 4, "feature"),
    ("v4/context/DTDL.FeatureExtension.overriding.v2.context.json", "dtmi:dtdl:extension:overriding;2", 4, "feature"),
    ("v4/context/DTDL.FeatureExtension.quantitativeTypes.v2.context.json", "dtmi:dtdl:extension:quantitativeTypes;2", 4, "feature"),
    ("v4/context/DTDL.FeatureExtension.requirement.v1.context.json", "dtmi:dtdl:extension:requirement;1", 4, "feature"),
]
SHACL = [
    "v2/metamodel/DTDL.v2.ModelRDF-SHACL.json",
    "v2/metamodel/DTDL.v2.PartnerExtension.iotcentral.RDF-SHACL.json",
    "v3/metamodel/DTDL.v3.ModelRDF-SHACL.json",
    "v3/metamodel/DTDL.FeatureExtension.annotation.v1.RDF-SHACL.json",
    "v3/metamodel/DTDL.FeatureExtension.historization.v1.RDF-SHACL.json",
    "v3/metamodel/DTDL.FeatureExtension.mqtt.v1.RDF-SHACL.json",
    "v3/metamodel/DTDL.FeatureExtension.overriding.v1.RDF-SHACL.json",
    "v3/metamodel/DTDL.FeatureExtension.quantitativeTypes.v1.RDF-SHACL.json",
    "v4/metamodel/DTDL.v4.ModelRDF-SHACL.json",
    "v4/metamodel/DTDL.FeatureExtension.annotation.v2.RDF-SHACL.json",
    "v4/metamodel/DTDL.FeatureExtension.historization.v2.RDF-SHACL.json",
    "v4/metamodel/DTDL.FeatureExtension.mqtt.v2.RDF-SHACL.json",
    "v4/metamodel/DTDL.FeatureExtension.mqtt.v3.RDF-SHACL.json",
    "v4/metamodel/DTDL.FeatureExtension.overriding.v2.RDF-SHACL.json",
    "v4/metamodel/DTDL.FeatureExtension.quantitativeTypes.v2.RDF-SHACL.json",
    "v4/metamodel/DTDL.FeatureExtension.requirement.v1.RDF-SHACL.json",
    "v4/metamodel/DTDL.LimitExtension.onvif.v1.RDF-SHACL.json",
]
ELEMENTS = [
    "v2/metamodel/DTDL.v2.ModelElements.json",
    "v2/metamodel/DTDL.v2.PartnerExtension.iotcentral.Elements.json",
    "v3/metamodel/DTDL.v3.ModelElements.json",
    "v3/metamodel/DTDL.FeatureExtension.quantitativeTypes.v1.Elements.json",
    "v4/metamodel/DTDL.v4.ModelElements.json",
    "v4/metamodel/DTDL.FeatureExtension.quantitativeTypes.v2.Elements.json",
]
# Keys of an element file's documents that are not values of co-type properties.
ELEMENT_OWN = {"aliasFor", "displayName", "description", "comment", "name", "enumValue", "enumValues",
               "valueSchema", "schema", "fields", "elementSchema", "mapKey", "mapValue"}
DROP = {"dtmm:description", "dtmm:patternDesc", "dtmm:documentation", "rdfs:comment"}


def load(rel):
    with open(os.path.join(REF, rel), encoding="utf-8-sig") as f:
        return json.load(f)


def term_map(ctx):
    terms = {}
    for k, v in ctx.items():
        if k.startswith("@"):
            continue
        if isinstance(v, str):
            terms[k] = {"id": v}
        elif isinstance(v, dict) and "@id" in v:
            e = {"id": v["@id"]}
            if "@type" in v:
                e["type"] = v["@type"]
            if "@container" in v:
                e["container"] = v["@container"]
            terms[k] = e
    return terms


def per_version_paths(node, contexts):
    """A feature extension that applies to several DTDL versions (MQTT v2 and v3: DTDL 3 and 4,
    DTDL.Extensions.md) writes its constraints on core properties with the core term
    ("schema"), which its metamodel file expands in one DTDL context only (schema;4). The term
    means the property of whichever DTDL version the model uses, so such a constraint is
    restated for each version the class applies to (the versions of the classes in its sh:or)."""
    applies = set()
    for alt in node.get("sh:or", []) if isinstance(node.get("sh:or"), list) else []:
        cls = alt.get("sh:class") if isinstance(alt, dict) else None
        if isinstance(cls, str) and cls.startswith("dtmi:dtdl:class:") and ";" in cls:
            applies.add(int(cls.rsplit(";", 1)[1]))
    props = node.get("sh:property")
    if len(applies) < 2 or not isinstance(props, list):
        return node
    out = []
    for prop in props:
        out.append(prop)
        path = prop.get("sh:path") if isinstance(prop, dict) else None
        if not (isinstance(path, str) and path.startswith("dtmi:dtdl:property:") and ";" in path):
            continue
        base, own = path.rsplit(";", 1)
        for v in sorted(applies - {int(own)}):
            core = contexts.get(f"dtmi:dtdl:context;{v}", {}).get("terms", {})
            if any(t["id"] == f"{base};{v}" for t in core.values()):
                out.append(dict(prop, **{"sh:path": f"{base};{v}"}))
    return dict(node, **{"sh:property": out})


def main():
    contexts = {}
    for rel, cid, ver, kind in CONTEXTS:
        contexts[cid] = {"dtdlVersion": ver, "kind": kind, "terms": term_map(load(rel))}

    def expander(ctx_ids):
        terms = {}
        for cid in ([ctx_ids] if isinstance(ctx_ids, str) else ctx_ids):
            if cid in contexts:
                for t, e in contexts[cid]["terms"].items():
                    terms[t] = e["id"]

        def expand(v):
            if isinstance(v, str):
                return terms.get(v, v)
            if isinstance(v, list):
                return [expand(x) for x in v]
            if isinstance(v, dict):
                return {k: (expand(x) if k not in DROP else None) for k, x in v.items() if k not in DROP}
            return v
        return expand

    classes, globals_, extra, limits = {}, {}, [], {}
    for rel in SHACL:
        d = load(rel)
        if "LimitExtension" in rel:
            # Limit extensions restate core nodes with tighter limits; they apply only when a
            # model names the limit context, so they are kept apart from the core tables.
            limits[os.path.basename(rel)] = [expander(d.get("@context", []))(n) for n in d["@graph"]]
            continue
        expand = expander(d.get("@context", []))
        version = 4 if rel.startswith("v4") else 3 if rel.startswith("v3") else 2
        for node in d["@graph"]:
            types = node.get("@type", [])
            types = types if isinstance(types, list) else [types]
            node = expand(node)
            node.pop("dtmm:property", None)  # declarations only; the constraints are sh:property
            if "dtmm:Global" in types:
                globals_[node["@id"]] = node
            elif "rdfs:Class" in types or "sh:NodeShape" in types:
                node.setdefault("dtmm:dtdlVersion", version)
                if "FeatureExtension" in rel:
                    node = per_version_paths(node, contexts)
                classes[node["@id"]] = node
            elif "dtmm:Documentation" not in types:
                extra.append(node)
                # A partner extension's pragma (IoT Central: dtmm:implicitDtdlVersion 2) belongs to
                # the context the metamodel file defines, the last one of its @context.
                own = d.get("@context", [])
                own = own[-1] if isinstance(own, list) and own else own
                if "dtmm:Pragma" in types and "dtmm:implicitDtdlVersion" in node and own in contexts:
                    contexts[own]["implicitDtdlVersion"] = node["dtmm:implicitDtdlVersion"]

    # Standard elements: only what dtc reads (identity, types, display name, alias, members);
    # the file is parsed at every start, so descriptions and symbols stay in the reference.
    def slim(doc):
        out = {k: doc[k] for k in ("@context", "@id", "@type", "aliasFor") if k in doc}
        name = doc.get("displayName")
        if isinstance(name, dict):
            name = name.get("en") or name.get("en-US") or next(iter(name.values()), None)
        if isinstance(name, str):
            out["displayName"] = name
        if isinstance(doc.get("description"), dict) and "enumValues" not in doc and "@context" in doc:
            out["description"] = doc["description"]  # the primitive schemas' own descriptions
        if "enumValues" in doc:
            out["enumValues"] = [slim(v) for v in doc["enumValues"]]
        if "fields" in doc:  # predefined Objects (IoT Central's vector and geopoint)
            out["fields"] = [{k: f[k] for k in ("@id", "@type", "name", "schema") if k in f} for f in doc["fields"]]
        # The values a predefined element gives its co-types' properties (a unit's symbol,
        # base unit, prefix, top and bottom unit; a prefix's exponent): part of the object model.
        props = {k: v for k, v in doc.items() if not k.startswith("@") and k not in ELEMENT_OWN}
        if props and "enumValues" not in doc:
            out["properties"] = props
        return out

    elements = []
    for rel in ELEMENTS:
        for doc in load(rel):
            elements.append(slim(doc))

    out = {
        "format": "dtc-dtdl-metamodel/1",
        "derivedFrom": "DTDL v2/v3/v4 contexts, RDF-SHACL metamodels and model elements "
                       "(digitaltwinconsortium/DTDL), normalized by scripts/derive-dtdl-metamodel.py",
        "contexts": contexts,
        "globals": globals_,
        "classes": classes,
        "otherNodes": extra,
        "limits": limits,
        "elements": elements,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    # One line per context, class and element: compact (the file is parsed at every start of
    # dtc, so whitespace costs time) yet reviewable line by line in diffs.
    def compact(v):
        return json.dumps(v, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    lines = ["{"]
    keys = sorted(out)
    for ki, k in enumerate(keys):
        v = out[k]
        end = "," if ki + 1 < len(keys) else ""
        if isinstance(v, dict) and v:
            lines.append(compact(k) + ":{")
            items = sorted(v.items())
            for ii, (ik, iv) in enumerate(items):
                lines.append(compact(ik) + ":" + compact(iv) + ("," if ii + 1 < len(items) else ""))
            lines.append("}" + end)
        elif isinstance(v, list) and v:
            lines.append(compact(k) + ":[")
            for ii, iv in enumerate(v):
                lines.append(compact(iv) + ("," if ii + 1 < len(v) else ""))
            lines.append("]" + end)
        else:
            lines.append(compact(k) + ":" + compact(v) + end)
    lines.append("}")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {OUT}: {len(contexts)} contexts, {len(classes)} classes, {len(elements)} element documents, "
          f"{len(extra)} other nodes")


if __name__ == "__main__":
    main()
