#!/usr/bin/env python3
"""The release metadata, checked without building anything:

  - META.json against the PGXN Meta Spec 1.0.0 (https://pgxn.org/spec/):
    its required keys and their types, Terms, SemVer versions, the license
    shortcut, provides (file, version), prereqs, tags, release_status;
  - its version, provides.spm.version and debian/changelog's upstream
    version equal to spm.control's default_version;
  - the licence stated the same way everywhere: META.json "postgresql",
    LICENSE the PostgreSQL License, debian/copyright DEP-5 "PostgreSQL".

Prints "ok - ..." / "not ok - ..." lines and "N passed, N failed".
Run from the repository's top directory.
"""
import json
import os
import re
import sys

results = []


def check(ok, what, why=""):
    results.append(bool(ok))
    print(("ok - " if ok else "not ok - ") + what + ("" if ok or not why else ": " + why))


# SemVer 2.0.0 (https://semver.org), which the spec requires of every version
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")
# a Term: at least two characters, no slash, backslash, space or control character
TERM = re.compile(r"^[^/\\\s\x00-\x1f\x7f]{2,}$")
# a tag: 2 to 255 characters, no slash, backslash or control character
TAG = re.compile(r"^[^/\\\x00-\x1f\x7f]{2,255}$")
LICENSES = {
    "agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd", "freebsd",
    "gfdl_1_2", "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1", "lgpl_3_0", "mit",
    "mozilla_1_0", "mozilla_1_1", "openssl", "perl_5", "postgresql", "qpl_1_0", "ssleay",
    "sun", "zlib", "open_source", "restricted", "unrestricted", "unknown"}
PHASES = {"configure", "build", "test", "runtime", "develop"}
RELATIONS = {"requires", "recommends", "suggests", "conflicts"}


def custom(key):
    return re.match(r"^[xX]_.", key) is not None


def spec_errors(meta):
    """What in META.json breaks the PGXN Meta Spec 1.0.0 (empty: nothing)"""
    err = []

    def nonempty_string(v):
        return isinstance(v, str) and len(v) > 0

    if not isinstance(meta, dict):
        return ["the top level is not an object"]
    for key in ("name", "version", "abstract", "maintainer", "license", "provides", "meta-spec"):
        if key not in meta:
            err.append("required key %r is missing" % key)
    known = {"name", "version", "abstract", "maintainer", "license", "provides", "meta-spec",
             "description", "generated_by", "tags", "no_index", "prereqs", "release_status",
             "resources"}
    for key in meta:
        if key not in known and not custom(key):
            err.append("unknown key %r (custom keys start with x_)" % key)
    if "name" in meta and not (isinstance(meta["name"], str) and TERM.match(meta["name"])):
        err.append("name %r is not a Term" % (meta["name"],))
    if "version" in meta and not (isinstance(meta["version"], str) and SEMVER.match(meta["version"])):
        err.append("version %r is not a SemVer" % (meta["version"],))
    for key in ("abstract", "description", "generated_by"):
        if key in meta and not nonempty_string(meta[key]):
            err.append("%s is not a non-empty string" % key)
    m = meta.get("maintainer")
    if "maintainer" in meta and not (nonempty_string(m) or (
            isinstance(m, list) and m and all(nonempty_string(x) for x in m))):
        err.append("maintainer is neither a string nor a list of strings")
    lic = meta.get("license")
    if "license" in meta:
        if isinstance(lic, str):
            ok = lic in LICENSES
        elif isinstance(lic, list):
            ok = len(lic) > 0 and all(x in LICENSES for x in lic)
        elif isinstance(lic, dict):
            ok = len(lic) > 0 and all(isinstance(v, str) and re.match(r"^[a-z][a-z0-9+.-]*:", v)
                                      for v in lic.values())
        else:
            ok = False
        if not ok:
            err.append("license %r is not a valid license" % (lic,))
    prov = meta.get("provides")
    if "provides" in meta:
        if not isinstance(prov, dict) or not prov:
            err.append("provides is not a non-empty object")
        else:
            for ext, e in prov.items():
                if not TERM.match(ext):
                    err.append("provides key %r is not a Term" % ext)
                if not isinstance(e, dict):
                    err.append("provides.%s is not an object" % ext)
                    continue
                for k in ("file", "version"):
                    if k not in e:
                        err.append("provides.%s.%s is missing" % (ext, k))
                for k in e:
                    if k not in ("file", "version", "abstract", "docfile", "docpath") and not custom(k):
                        err.append("provides.%s has unknown key %r" % (ext, k))
                for k in ("file", "docfile"):
                    if k in e and not (nonempty_string(e[k]) and not e[k].startswith("/")
                                       and "\\" not in e[k] and ".." not in e[k].split("/")):
                        err.append("provides.%s.%s %r is not a relative unix path" % (ext, k, e[k]))
                if "version" in e and not (isinstance(e["version"], str) and SEMVER.match(e["version"])):
                    err.append("provides.%s.version %r is not a SemVer" % (ext, e["version"]))
                if "abstract" in e and not nonempty_string(e["abstract"]):
                    err.append("provides.%s.abstract is not a non-empty string" % ext)
    ms = meta.get("meta-spec")
    if "meta-spec" in meta:
        if not isinstance(ms, dict) or ms.get("version") != "1.0.0":
            err.append("meta-spec.version is not \"1.0.0\"")
        elif any(k not in ("version", "url") and not custom(k) for k in ms):
            err.append("meta-spec has unknown keys")
    if "tags" in meta:
        t = meta["tags"]
        if not (isinstance(t, list) and t and all(isinstance(x, str) and TAG.match(x) for x in t)):
            err.append("tags is not a non-empty list of tags")
    if "release_status" in meta and meta["release_status"] not in ("stable", "testing", "unstable"):
        err.append("release_status %r is not stable, testing or unstable" % (meta["release_status"],))
    if "prereqs" in meta:
        p = meta["prereqs"]
        if not isinstance(p, dict) or not p:
            err.append("prereqs is not a non-empty object")
        else:
            for phase, rels in p.items():
                if phase not in PHASES and not custom(phase):
                    err.append("prereqs has unknown phase %r" % phase)
                    continue
                if not isinstance(rels, dict) or not rels:
                    err.append("prereqs.%s is not a non-empty object" % phase)
                    continue
                for rel, exts in rels.items():
                    if rel not in RELATIONS and not custom(rel):
                        err.append("prereqs.%s has unknown relationship %r" % (phase, rel))
                        continue
                    if not isinstance(exts, dict):
                        err.append("prereqs.%s.%s is not an object" % (phase, rel))
                        continue
                    for name, rng in exts.items():
                        # a version range: 0 (any), a SemVer, or operators and SemVers
                        if rng == 0:
                            continue
                        if not isinstance(rng, str) or not all(
                                re.match(r"^(?:(?:==|!=|>=|<=|>|<)\s*)?(.+)$", part) and
                                SEMVER.match(re.sub(r"^(?:==|!=|>=|<=|>|<)\s*", "", part.strip()))
                                for part in rng.split(",")):
                            err.append("prereqs.%s.%s.%s %r is not a version range" % (phase, rel, name, rng))
    return err


def control_version():
    with open("spm.control") as f:
        for line in f:
            m = re.match(r"^default_version\s*=\s*'([^']*)'", line)
            if m:
                return m.group(1)
    return None


def main():
    try:
        with open("META.json") as f:
            meta = json.load(f)
    except (OSError, ValueError) as e:
        check(False, "META.json is JSON", str(e))
        return
    check(True, "META.json is JSON")
    err = spec_errors(meta)
    check(not err, "META.json follows the PGXN Meta Spec 1.0.0", "; ".join(err))

    version = control_version()
    check(version is not None, "spm.control has a default_version")
    check(meta.get("version") == version,
          "META.json's version is spm.control's default_version (%s)" % version,
          "META.json says %r" % (meta.get("version"),))
    spm = meta.get("provides", {}).get("spm", {})
    check(spm.get("version") == version,
          "META.json's provides.spm.version is spm.control's default_version",
          "it says %r" % (spm.get("version"),))
    for k in ("file", "docfile"):
        check(isinstance(spm.get(k), str) and os.path.isfile(spm[k]),
              "META.json's provides.spm.%s names a file of the distribution" % k,
              "%r is not a file here" % (spm.get(k),))

    with open("debian/changelog") as f:
        m = re.match(r"^spm \(([^)]*)\)", f.readline())
    debversion = m.group(1) if m else None
    upstream = re.sub(r"-[^-]*$", "", re.sub(r"^\d+:", "", debversion or ""))
    check(upstream == version,
          "debian/changelog's upstream version is spm.control's default_version",
          "debian/changelog's newest entry is %r" % (debversion,))

    with open("LICENSE") as f:
        license_text = f.read()
    postgresql_license = ("Permission to use, copy, modify, and distribute this software and its\n"
                          "documentation for any purpose, without fee, and without a written agreement\n"
                          "is hereby granted")
    check(postgresql_license in license_text, "LICENSE is the PostgreSQL License")
    check(meta.get("license") == "postgresql", "META.json's license is \"postgresql\"",
          "it is %r" % (meta.get("license"),))
    with open("debian/copyright") as f:
        copyright_text = f.read()
    # the licence text of debian/copyright is LICENSE's, indented (DEP-5)
    body = re.search(r"^License: PostgreSQL\n((?: .*\n?)+)", copyright_text, re.M)
    dep5 = body and "\n".join("" if l == " ." else l[1:] for l in body.group(1).rstrip("\n").split("\n"))
    check(copyright_text.startswith(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n")
          and re.search(r"^Files: \*\n(?:.+\n)*?License: PostgreSQL$", copyright_text, re.M)
          and dep5 and dep5.strip() in license_text,
          "debian/copyright says the same licence in DEP-5 form (Files: *, License: PostgreSQL, LICENSE's text)")


if __name__ == "__main__":
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    if len(sys.argv) == 3 and sys.argv[1] == "--spec":
        # check another META.json against the spec alone (the tests of this checker)
        with open(sys.argv[2]) as f:
            errors = spec_errors(json.load(f))
        print("\n".join(errors) if errors else "valid")
        sys.exit(1 if errors else 0)
    main()
    print("%d passed, %d failed" % (results.count(True), results.count(False)))
    sys.exit(0 if all(results) else 1)
