#!/usr/bin/env python3
"""Validates JSON objects against a schema of the official OpenADR 3.0.1 OpenAPI document.

Usage: scripts/openadr_validate.py SCHEMA [FILE ...]   (from the repository root)

SCHEMA is a name under components/schemas (program, event, intervalPeriod, ...). Each FILE (or
standard input when none) holds one JSON object, or a JSON array of them (as GET /events returns).
The document is ../shared/standards/openadr3/3.0.1/openadr3.yaml relative to the repository root,
or $OPENADR3_YAML. Validation is OpenAPI 3.0 (nullable, formats date-time and int32) through
openapi-schema-validator (pip install openapi-schema-validator pyyaml).

Prints one line per problem (`file: path: message`) and exits 1, or `ok: N objects valid against SCHEMA`.
Exit code 2 for a bad argument or a missing dependency.
"""
import json
import os
import pathlib
import sys


def load_document():
    root = pathlib.Path(__file__).resolve().parent.parent
    path = pathlib.Path(os.environ.get("OPENADR3_YAML", root / "../shared/standards/openadr3/3.0.1/openadr3.yaml"))
    import yaml

    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def add_discriminator_mappings(node):
    """The 3.0.1 document's discriminators (program.payloadDescriptors) name `objectType` without a
    mapping, so OpenAPI's implicit one would look for schemas named EVENT_PAYLOAD_DESCRIPTOR and
    REPORT_PAYLOAD_DESCRIPTOR, which do not exist. Map each value of the alternatives' `objectType`
    enum to that alternative, which is what the document means."""
    if isinstance(node, dict):
        d = node.get("discriminator")
        alternatives = node.get("anyOf") or node.get("oneOf") or []
        if isinstance(d, dict) and "mapping" not in d and alternatives:
            mapping = {}
            for alt in alternatives:
                ref = alt.get("$ref", "")
                target = DOCUMENT["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
                for value in target.get("properties", {}).get(d["propertyName"], {}).get("enum", []):
                    mapping[value] = ref
            if mapping:
                d["mapping"] = mapping
        for v in node.values():
            add_discriminator_mappings(v)
    elif isinstance(node, list):
        for v in node:
            add_discriminator_mappings(v)


DOCUMENT = None


def validator_for(document, name):
    global DOCUMENT
    DOCUMENT = document
    from openapi_schema_validator import OAS30Validator, oas30_format_checker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    schemas = document["components"]["schemas"]
    add_discriminator_mappings(document)
    if name not in schemas:
        raise KeyError(f"no schema {name!r}; known: {', '.join(sorted(schemas))}")
    # Refs are local (#/components/schemas/...): register the whole document under one URI.
    uri = "urn:openadr3-3.0.1"
    registry = Registry().with_resource(uri, Resource.from_contents(document, default_specification=DRAFT4))
    schema = {"$ref": f"{uri}#/components/schemas/{name}"}
    return OAS30Validator(schema, registry=registry, format_checker=oas30_format_checker)


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        document = load_document()
        validator = validator_for(document, argv[1])
    except ImportError as e:
        print(f"missing dependency: {e} (pip install openapi-schema-validator pyyaml)", file=sys.stderr)
        return 2
    except KeyError as e:
        print(e.args[0], file=sys.stderr)
        return 2
    except OSError as e:
        print(e, file=sys.stderr)
        return 2
    sources = [(name, pathlib.Path(name).read_text(encoding="utf-8")) for name in argv[2:]] or [("-", sys.stdin.read())]
    problems, count = [], 0
    for name, text in sources:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as e:
            problems.append(f"{name}: invalid JSON: {e}")
            continue
        for i, obj in enumerate(value if isinstance(value, list) else [value]):
            count += 1
            where = name if not isinstance(value, list) else f"{name}[{i}]"
            for error in sorted(validator.iter_errors(obj), key=lambda e: list(e.absolute_path)):
                path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path) or "$"
                problems.append(f"{where}: {path.lstrip('.')}: {error.message}")
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"ok: {count} objects valid against {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
