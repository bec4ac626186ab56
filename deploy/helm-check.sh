#!/usr/bin/env bash
# Static check of helm/factflow, runnable without helm or a cluster (Debian 12 has no helm package).
#
#   deploy/helm-check.sh [CHART_DIR]      (default: helm/factflow beside this script)
#
# 1. Static (python3 + PyYAML, always): Chart.yaml, values.yaml and ci/*.yaml parse; ci/*.yaml only
#    override keys that values.yaml has; every template's {{ }} delimiters balance and its
#    if/range/with/define blocks close; every include names a defined template; every .Values path
#    the templates read (directly, through a $variable or `index .Values "a" "b"`) is in values.yaml. values.yaml and each ci/*.yaml merged over it validate against
#    values.schema.json (python3-jsonschema, as helm lint/install do), and the schema refuses a
#    typo'd key and a wrong type; every key of values.yaml is documented in the chart's README.md.
# 2. Render (when Go and Debian's sprig are installed, else skipped with a note): a small renderer
#    with Helm's engine semantics (text/template + sprig + include/tpl/required/toYaml/fromYaml,
#    values as float64 like Helm's) renders the chart with values.yaml alone (must fail on the
#    missing Secrets) and with each ci/*.yaml; every manifest must parse, be named validly and once,
#    run non-root with a read-only root and no capabilities, set every variable the binaries
#    require (secrets only from Secrets), probe gRPC, and the NetworkPolicies must allow exactly the
#    call graph; full-values.yaml must render the nightly-send CronJob (Europe/Paris), an HPA and a
#    PDB per service where enabled, each bound to exactly one Deployment. HELM_CHECK_RENDER=auto (default) | yes (install golang-go and
#    golang-github-masterminds-sprig-dev with apt-get when missing, then require it) | no.
#    HELM_CHECK_OUT=DIR keeps the rendered manifests there (DIR/<ci values name>.yaml, NOTES too).
#
# Exit status: 0 when everything passes, 1 with "helm-check: FAIL ..." lines otherwise.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chart="$(cd "${1:-$here/../helm/factflow}" && pwd)"
render_mode="${HELM_CHECK_RENDER:-auto}"

apt_install() {
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then return 1; fi
  echo "helm-check: apt-get install $*" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null
}

# A python3 with PyYAML: the one on PATH, else Debian's (python3-yaml, installed when missing).
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import yaml' 2>/dev/null; then
    python="$candidate"; break
  fi
done
if [[ -z $python ]]; then
  apt_install python3-yaml || { echo "helm-check: FAIL need python3 with PyYAML (apt-get install python3-yaml)" >&2; exit 1; }
  python=/usr/bin/python3
fi

if ! "$python" -c 'import jsonschema' 2>/dev/null; then
  apt_install python3-jsonschema || { echo "helm-check: FAIL need python3-jsonschema (apt-get install python3-jsonschema)" >&2; exit 1; }
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ---- render stage setup: Go + sprig from Debian, GOPATH mode, nothing downloaded ----
gopath=/usr/share/gocode
have_renderer() { command -v go >/dev/null && [[ -d $gopath/src/github.com/Masterminds/sprig && -d $gopath/src/gopkg.in/yaml.v2 ]]; }
renderer=""
if [[ $render_mode != no ]]; then
  if ! have_renderer && [[ $render_mode == yes ]]; then
    apt_install golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v2-dev || true
  fi
  if have_renderer; then
    mkdir -p "$work/go/src/helmrender"
    cat >"$work/go/src/helmrender/main.go" <<'GO'
// helmrender CHART RELEASE NAMESPACE NOTES_OUT [VALUES...]: renders a chart's templates the way
// `helm template` does (Helm's engine: text/template, sprig, include, tpl, required, toYaml...)
// and prints the manifests, each after a "# Source:" line. Errors go to stderr, exit 1.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	sprig "github.com/Masterminds/sprig"
	yaml "gopkg.in/yaml.v2"
)

func normalize(v interface{}) interface{} {
	switch x := v.(type) {
	case map[interface{}]interface{}:
		m := map[string]interface{}{}
		for k, val := range x {
			m[fmt.Sprint(k)] = normalize(val)
		}
		return m
	case map[string]interface{}:
		for k, val := range x {
			x[k] = normalize(val)
		}
		return x
	case []interface{}:
		for i := range x {
			x[i] = normalize(x[i])
		}
		return x
	}
	return v
}

// Like sigs.k8s.io/yaml (Helm's): YAML -> JSON -> Go, so every number is a float64.
func fromYAML(text string) (map[string]interface{}, error) {
	var raw interface{}
	if err := yaml.Unmarshal([]byte(text), &raw); err != nil {
		return nil, err
	}
	b, err := json.Marshal(normalize(raw))
	if err != nil {
		return nil, err
	}
	out := map[string]interface{}{}
	if string(b) != "null" {
		if err := json.Unmarshal(b, &out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func toYAML(v interface{}) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	var y interface{}
	if err := yaml.Unmarshal(b, &y); err != nil {
		return ""
	}
	out, err := yaml.Marshal(y)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(out), "\n")
}

// Helm's coalescing of user values over the chart's: maps merge, a null deletes a key.
func merge(dst, src map[string]interface{}) {
	for k, v := range src {
		if v == nil {
			delete(dst, k)
			continue
		}
		if sm, ok := v.(map[string]interface{}); ok {
			if dm, ok := dst[k].(map[string]interface{}); ok {
				merge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 5 {
		fail("usage: helmrender CHART RELEASE NAMESPACE NOTES_OUT [VALUES...]")
	}
	chartDir, release, namespace, notesOut := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			fail("%v", err)
		}
		return string(b)
	}
	meta, err := fromYAML(read(filepath.Join(chartDir, "Chart.yaml")))
	if err != nil {
		fail("Chart.yaml: %v", err)
	}
	chart := map[string]interface{}{}
	for k, v := range meta {
		if k == "apiVersion" {
			k = "APIVersion"
		}
		chart[strings.ToUpper(k[:1])+k[1:]] = v
	}
	chartName := fmt.Sprint(meta["name"])
	values, err := fromYAML(read(filepath.Join(chartDir, "values.yaml")))
	if err != nil {
		fail("values.yaml: %v", err)
	}
	for _, p := range os.Args[5:] {
		user, err := fromYAML(read(p))
		if err != nil {
			fail("%s: %v", p, err)
		}
		merge(values, user)
	}

	t := template.New("gotpl")
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	funcs["toYaml"] = toYAML
	funcs["fromYaml"] = func(s string) map[string]interface{} {
		m, err := fromYAML(s)
		if err != nil {
			return map[string]interface{}{"Error": err.Error()}
		}
		return m
	}
	funcs["fromJson"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		err := t.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		c, err := t.Clone()
		if err != nil {
			return "", err
		}
		if c, err = c.New("tpl").Parse(text); err != nil {
			return "", err
		}
		var buf bytes.Buffer
		err = c.Execute(&buf, data)
		return strings.ReplaceAll(buf.String(), "<no value>", ""), err
	}
	funcs["required"] = func(msg string, v interface{}) (interface{}, error) {
		if s, ok := v.(string); v == nil || (ok && s == "") {
			return v, fmt.Errorf("%s", msg)
		}
		return v, nil
	}
	funcs["lookup"] = func(...string) (map[string]interface{}, error) { return map[string]interface{}{}, nil }
	t.Funcs(funcs).Option("missingkey=zero")

	var names []string
	root := filepath.Join(chartDir, "templates")
	err = filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(chartDir, p)
		name := chartName + "/" + filepath.ToSlash(rel)
		if _, err := t.New(name).Parse(read(p)); err != nil {
			return err
		}
		names = append(names, name)
		return nil
	})
	if err != nil {
		fail("parse: %v", err)
	}
	sort.Strings(names)

	top := func(name string) map[string]interface{} {
		return map[string]interface{}{
			"Values": values,
			"Chart":  chart,
			"Release": map[string]interface{}{"Name": release, "Namespace": namespace, "Service": "Helm",
				"IsInstall": true, "IsUpgrade": false, "Revision": 1},
			"Capabilities": map[string]interface{}{
				"KubeVersion": map[string]interface{}{"Version": "v1.29.0", "Major": "1", "Minor": "29"},
				"APIVersions": []string{}},
			"Template": map[string]interface{}{"Name": name, "BasePath": chartName + "/templates"},
			"Files":    map[string]interface{}{},
		}
	}
	var out bytes.Buffer
	for _, name := range names {
		if strings.HasPrefix(filepath.Base(name), "_") {
			continue
		}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, name, top(name)); err != nil {
			fail("render: %v", err)
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if strings.HasSuffix(name, "NOTES.txt") {
			if err := os.WriteFile(notesOut, []byte(text), 0o644); err != nil {
				fail("%v", err)
			}
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", name, text)
	}
	os.Stdout.Write(out.Bytes())
}
GO
    if GO111MODULE=off GOPATH="$work/go:$gopath" GOCACHE="${GOCACHE:-${XDG_CACHE_HOME:-${HOME:-$work}/.cache}/go-build}" GOFLAGS='' \
        go build -o "$work/helmrender" helmrender 2>"$work/go-build.log"; then
      renderer="$work/helmrender"
    else
      echo "helm-check: FAIL could not build the renderer:" >&2; cat "$work/go-build.log" >&2; exit 1
    fi
  elif [[ $render_mode == yes ]]; then
    echo "helm-check: FAIL rendering required but go/sprig are missing" >&2; exit 1
  fi
fi

exec "$python" - "$chart" "$renderer" "$work" <<'PY'
import glob, os, re, subprocess, sys
import yaml

chart, renderer, work = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []
def fail(msg): failures.append(msg)
def rel(p): return os.path.relpath(p, os.path.dirname(chart))

# ---------- 1. YAML files of the chart ----------
def load(path):
    try:
        with open(path) as f:
            return yaml.safe_load(f)
    except Exception as e:
        fail(f"{rel(path)}: not valid YAML: {e}")
    except FileNotFoundError:
        fail(f"{rel(path)}: missing")

meta = load(os.path.join(chart, "Chart.yaml")) or {}
for key in ("apiVersion", "name", "version", "appVersion"):
    if key not in meta: fail(f"Chart.yaml: no {key}")
if meta.get("apiVersion") != "v2": fail("Chart.yaml: apiVersion must be v2")
values = load(os.path.join(chart, "values.yaml"))
if failures:  # nothing below makes sense without the values
    for f in failures: print(f"helm-check: FAIL {f}", file=sys.stderr)
    sys.exit(1)
if not isinstance(values, dict):
    fail("values.yaml: must be a mapping"); values = {}
ci_files = sorted(glob.glob(os.path.join(chart, "ci", "*.yaml")))

def check_overrides(over, base, path, src):
    """Keys a ci values file sets must exist in values.yaml, except under free-form maps."""
    if not isinstance(over, dict) or not isinstance(base, dict) or not base: return
    for k, v in over.items():
        if k not in base: fail(f"{src}: {'.'.join(path + [k])} is not a key of values.yaml (typo?)")
        else: check_overrides(v, base[k], path + [k], src)
for ci in ci_files:
    check_overrides(load(ci) or {}, values, [], rel(ci))

# ---------- 1b. values.schema.json, as helm lint/install apply it (values coalesced first) ----------
import copy, json
import jsonschema
def coalesce(dst, src):
    for k, v in src.items():
        if v is None: dst.pop(k, None)
        elif isinstance(v, dict) and isinstance(dst.get(k), dict): coalesce(dst[k], v)
        else: dst[k] = v
    return dst
schema_path = os.path.join(chart, "values.schema.json")
if not os.path.exists(schema_path): fail("values.schema.json: missing")
else:
    try:
        schema = json.load(open(schema_path))
        jsonschema.Draft7Validator.check_schema(schema)
        validator = jsonschema.Draft7Validator(schema)
        for src, over in [("values.yaml", {})] + [(rel(ci), load(ci) or {}) for ci in ci_files]:
            merged = coalesce(copy.deepcopy(values), over)
            for e in validator.iter_errors(merged):
                fail(f"{src}: schema: {'.'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}")
        # The schema must refuse what it exists to refuse (a typo'd key, a wrong type, a bad name).
        for bad in ({"grpcPort": "50051x"}, {"importer": {"replicaz": 2}},
                    {"nightlySend": {"tenants": ["Bad_Tenant"]}}):
            if validator.is_valid(coalesce(copy.deepcopy(values), bad)):
                fail(f"values.schema.json accepts {bad}")
    except json.JSONDecodeError as e:
        fail(f"values.schema.json: not valid JSON: {e}")

# ---------- 1c. README.md documents every value ----------
readme_path = os.path.join(chart, "README.md")
readme = open(readme_path).read() if os.path.exists(readme_path) else ""
if not readme: fail("README.md: missing")
def leaf_paths(node, path):
    if isinstance(node, dict) and node:
        for k, v in node.items(): yield from leaf_paths(v, path + [k])
    else: yield ".".join(path)
# Blocks passed through as a whole (resources, security contexts...) are documented as a whole.
WHOLE = ("resources", "config", "secretKeys", "migrationSecretKeys", "securityContext",
         "podSecurityContext", "startup", "readiness", "liveness", "scrapers", "operators", "names")
for path in leaf_paths(values, []):
    parts = path.split(".")
    for i, p in enumerate(parts):
        if p in WHOLE: path = ".".join(parts[:i + 1]); break
    if readme and f"`{path}`" not in readme: fail(f"README.md: value `{path}` is not documented")

# ---------- 1d. Grafana dashboard and alerts read only metrics the services export ----------
repo = os.path.dirname(os.path.dirname(chart))
metrics_h = os.path.join(repo, "services", "common", "metrics", "metrics.h")
dashboard = os.path.join(repo, "deploy", "grafana", "factflow-dashboard.json")
if os.path.exists(metrics_h) and os.path.exists(dashboard):
    exported = set(re.findall(r"\b(factflow_[a-z_]+)", open(metrics_h).read()))
    try:
        exprs = [t["expr"] for p in json.load(open(dashboard))["panels"] for t in p.get("targets", [])]
    except (ValueError, KeyError) as e:
        fail(f"deploy/grafana/factflow-dashboard.json: {e}"); exprs = []
    rules = open(os.path.join(chart, "templates", "prometheusrule.yaml")).read()
    for where, text in [("dashboard", " ".join(exprs)), ("prometheusrule.yaml", rules)]:
        for metric in set(re.findall(r"\b(factflow_[a-z_]+)\{", text)) - exported:
            fail(f"{where}: metric {metric} is not exported (services/common/metrics/metrics.h)")

# ---------- 2. templates: delimiters, blocks, includes, .Values paths ----------
def lineno(text, pos): return text.count("\n", 0, pos) + 1

def actions(path, text):
    """The {{ }} actions of a template as (line, body); reports unbalanced delimiters."""
    out, pos = [], 0
    while True:
        o, c = text.find("{{", pos), text.find("}}", pos)
        if o < 0 and c < 0: return out
        if c >= 0 and (o < 0 or c < o):
            fail(f"{rel(path)}:{lineno(text, c)}: '}}}}' without an opening '{{{{'"); pos = c + 2; continue
        i, end = o + 2, -1
        body_start = i
        stripped = text[i:].lstrip("- ")
        if stripped.startswith("/*"):
            k = text.find("*/", i)
            end = text.find("}}", k) if k >= 0 else -1
        else:
            while i < len(text):
                ch = text[i]
                if ch in "\"'`":
                    j = i + 1
                    while j < len(text) and text[j] != ch:
                        j += 2 if ch != "`" and text[j] == "\\" else 1
                    i = j + 1; continue
                if text.startswith("}}", i): end = i; break
                if text.startswith("{{", i):
                    fail(f"{rel(path)}:{lineno(text, i)}: '{{{{' inside the action opened at line {lineno(text, o)}")
                    end = -2; break
                i += 1
        if end == -1:
            fail(f"{rel(path)}:{lineno(text, o)}: '{{{{' is never closed"); return out
        if end == -2:
            pos = o + 2; continue
        out.append((lineno(text, o), text[body_start:end].strip("- \t\n")))
        pos = end + 2

VAL = r"(?:\$\.|\$|\.root\.|\$\.root\.|\.)?Values"
FIELD = r"((?:\.[A-Za-z_]\w*)*)"
def check_path(path, parts, where):
    node = values
    for i, p in enumerate(parts):
        if not isinstance(node, dict) or p not in node:
            fail(f"{where}: .Values.{'.'.join(parts)} is not in values.yaml (no '{p}' under "
                 f"'{'.'.join(parts[:i]) or '.Values'}')")
            return
        node = node[p]

defined, included = {}, []
templates = sorted(p for p in glob.glob(os.path.join(chart, "templates", "**", "*"), recursive=True)
                   if os.path.isfile(p))
if not templates: fail("no templates")
for path in templates:
    text = open(path).read()
    stack, aliases = [], {}
    for line, body in actions(path, text):
        where = f"{rel(path)}:{line}"
        if body.startswith("/*"): continue
        word = body.split(None, 1)[0] if body else ""
        if word in ("if", "range", "with", "define", "block"): stack.append((word, line))
        elif word == "else":
            if not stack or stack[-1][0] not in ("if", "range", "with"):
                fail(f"{where}: 'else' outside if/range/with")
        elif word == "end":
            if stack: stack.pop()
            else: fail(f"{where}: 'end' without an open block")
        m = re.match(r'define\s+"([^"]+)"', body)
        if m:
            if m.group(1) in defined: fail(f"{where}: template {m.group(1)!r} defined twice")
            defined[m.group(1)] = where
        for m in re.finditer(r'\b(?:include|template)\s+"([^"]+)"', body):
            included.append((m.group(1), where))
        # .Values paths: direct, index .Values "a" "b", and $aliases of either.
        for m in re.finditer(r'\bindex\s+' + VAL + FIELD + r'((?:\s+"[^"]+")+)', body):
            check_path(None, m.group(1).split(".")[1:] + re.findall(r'"([^"]+)"', m.group(2)), where)
        for m in re.finditer(r'(?<![\w\])"])' + VAL + FIELD, body):
            if m.group(1): check_path(None, m.group(1).split(".")[1:], where)
        for m in re.finditer(r'\$(\w+)((?:\.[A-Za-z_]\w*)+)', body):
            if m.group(1) in aliases: check_path(None, aliases[m.group(1)] + m.group(2).split(".")[1:], where)
        m = re.match(r'\$(\w+)\s*:?=\s*(.*)$', body, re.S)
        if m:
            rhs = m.group(2).strip()
            a = re.fullmatch(VAL + FIELD, rhs)
            b = re.fullmatch(r'index\s+' + VAL + FIELD + r'((?:\s+"[^"]+")+)', rhs)
            if a: aliases[m.group(1)] = a.group(1).split(".")[1:]
            elif b: aliases[m.group(1)] = b.group(1).split(".")[1:] + re.findall(r'"([^"]+)"', b.group(2))
            else: aliases.pop(m.group(1), None)
    for word, line in stack:
        fail(f"{rel(path)}:{line}: '{word}' block never closed with {{{{ end }}}}")
for name, where in included:
    if name not in defined: fail(f"{where}: include of undefined template {name!r}")

print(f"helm-check: static: {len(templates)} templates, {len(defined)} named templates, "
      f"{1 + len(ci_files)} values files")

# ---------- 3. render and check the manifests ----------
SERVICES = ["importer", "catalog-mapping", "invoicing-state", "chorus-dispatch"]
COMMON_ENV = ["FACTFLOW_GRPC_ADDRESS", "FACTFLOW_DATABASE_URL", "FACTFLOW_KAFKA_BOOTSTRAP",
              "FACTFLOW_AUTH_SECRET", "FACTFLOW_LOG_FORMAT", "FACTFLOW_LOG_LEVEL",
              "FACTFLOW_INSTANCE_ID", "FACTFLOW_DB_POOL_SIZE"]
OWN_ENV = {"importer": ["FACTFLOW_INVOICING_STATE_ADDRESS", "FACTFLOW_CATALOG_MAPPING_ADDRESS",
                        "FACTFLOW_MAX_UPLOAD_BYTES"],
           "catalog-mapping": [],
           "invoicing-state": ["FACTFLOW_IMPORTER_ADDRESS"],
           "chorus-dispatch": ["FACTFLOW_INVOICING_STATE_ADDRESS"]}
SECRET_ENV = {"FACTFLOW_AUTH_SECRET", "FACTFLOW_DATABASE_URL", "FACTFLOW_MIGRATION_DATABASE_URL"}
CALLS = {"importer": {"catalog-mapping", "invoicing-state"}, "catalog-mapping": set(),
         "invoicing-state": {"importer"}, "chorus-dispatch": {"invoicing-state"}}
DNS1123 = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")

def render(values_files, release="factflow"):
    notes = os.path.join(work, "NOTES.txt")
    r = subprocess.run([renderer, chart, release, "factflow", notes] + values_files,
                       capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr.strip(), notes

def check_pod(where, spec, component, kind):
    psc = spec.get("securityContext") or {}
    if psc.get("runAsNonRoot") is not True: fail(f"{where}: pod not runAsNonRoot")
    if (psc.get("seccompProfile") or {}).get("type") != "RuntimeDefault": fail(f"{where}: seccomp not RuntimeDefault")
    if spec.get("automountServiceAccountToken") is not False: fail(f"{where}: service account token mounted")
    for c in spec.get("containers") or []:
        sc = c.get("securityContext") or {}
        if sc.get("readOnlyRootFilesystem") is not True: fail(f"{where}: root filesystem writable")
        if sc.get("allowPrivilegeEscalation") is not False: fail(f"{where}: privilege escalation allowed")
        if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []): fail(f"{where}: capabilities not dropped")
        res = c.get("resources") or {}
        if not res.get("requests") or not res.get("limits"): fail(f"{where}: no resource requests/limits")
        if c.get("command") != [f"/usr/local/bin/factflow-{component}"]: fail(f"{where}: command {c.get('command')}")
        env = {e["name"]: e for e in c.get("env") or []}
        for name in COMMON_ENV + OWN_ENV[component]:
            if name not in env: fail(f"{where}: {name} not set (the binary exits 2 without it)")
        for name in SECRET_ENV & env.keys():
            if "secretKeyRef" not in (env[name].get("valueFrom") or {}): fail(f"{where}: {name} not from a Secret")
        if (env.get("FACTFLOW_LOG_FORMAT") or {}).get("value") != "json": fail(f"{where}: logs not JSON")
        if kind == "Job":
            if (env.get("FACTFLOW_MIGRATE_ONLY") or {}).get("value") != "true": fail(f"{where}: not FACTFLOW_MIGRATE_ONLY")
            if "FACTFLOW_MIGRATION_DATABASE_URL" not in env: fail(f"{where}: migrations not run as the owner role")
        else:
            # Least privilege: the values files keep the migrations Jobs on, so services never
            # get the owner role's URL.
            if "FACTFLOW_MIGRATION_DATABASE_URL" in env: fail(f"{where}: a Deployment gets the owner role's URL")
            for probe in ("readinessProbe", "livenessProbe"):
                if "port" not in ((c.get(probe) or {}).get("grpc") or {}): fail(f"{where}: no gRPC {probe}")

def check_manifests(label, text):
    try:
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
    except Exception as e:
        fail(f"{label}: rendered output is not valid YAML: {e}")
        open(os.path.join(work, "bad.yaml"), "w").write(text); return []
    seen, by_kind = set(), {}
    for d in docs:
        md = d.get("metadata") or {}
        name, kind = md.get("name"), d.get("kind")
        where = f"{label}: {kind}/{name}"
        if not d.get("apiVersion") or not kind or not name: fail(f"{where}: no apiVersion/kind/name"); continue
        if len(name) > 63 or not DNS1123.match(name): fail(f"{where}: invalid name")
        if (kind, name) in seen: fail(f"{where}: defined twice")
        seen.add((kind, name)); by_kind.setdefault(kind, []).append(d)
        labels = md.get("labels") or {}
        comp = labels.get("app.kubernetes.io/component")
        if kind in ("Deployment", "Job"):
            tpl = d["spec"]["template"]
            check_pod(where, tpl["spec"], comp, kind)
        if kind == "Deployment":
            sel = d["spec"]["selector"]["matchLabels"]
            if any(d["spec"]["template"]["metadata"]["labels"].get(k) != v for k, v in sel.items()):
                fail(f"{where}: selector does not match the pod labels")
        if kind == "Job":
            hooks = (md.get("annotations") or {}).get("helm.sh/hook", "")
            if "pre-install" not in hooks or "pre-upgrade" not in hooks: fail(f"{where}: not a pre-install/pre-upgrade hook")
    deployments = {d["metadata"]["labels"]["app.kubernetes.io/component"]: d for d in by_kind.get("Deployment", [])}
    check_schedules_and_availability(label, by_kind)
    if sorted(deployments) != sorted(SERVICES): fail(f"{label}: Deployments {sorted(deployments)} != {SERVICES}")
    for s in by_kind.get("Service", []):
        sel = s["spec"]["selector"]
        if not any(all(d["spec"]["template"]["metadata"]["labels"].get(k) == v for k, v in sel.items())
                   for d in deployments.values()):
            fail(f"{label}: Service/{s['metadata']['name']} selects no Deployment's pods")
    policies = {(p["spec"]["podSelector"].get("matchLabels") or {}).get("app.kubernetes.io/component"): p
                for p in by_kind.get("NetworkPolicy", [])}
    if policies:
        for svc in SERVICES:
            p = policies.get(svc)
            if not p: fail(f"{label}: no NetworkPolicy for {svc}"); continue
            rules = p["spec"].get("ingress") or []
            if any(not rule.get("from") for rule in rules): fail(f"{label}: {svc} accepts calls from anywhere")
            peers = [f for rule in rules for f in rule["from"] or []]
            callers = {(f.get("podSelector") or {}).get("matchLabels", {}).get("app.kubernetes.io/component")
                       for f in peers if "namespaceSelector" not in f} - {None}
            expected = {c for c, callees in CALLS.items() if svc in callees}
            if svc == "invoicing-state" and by_kind.get("CronJob"): expected.add("nightly-send")
            if callers != expected: fail(f"{label}: {svc} accepts calls from {sorted(callers)}, expected {sorted(expected)}")
            callees = {(t.get("podSelector") or {}).get("matchLabels", {}).get("app.kubernetes.io/component")
                       for rule in p["spec"].get("egress") or [] for t in rule.get("to") or []}
            if callees != CALLS[svc]: fail(f"{label}: {svc} may call {sorted(callees)}, expected {sorted(CALLS[svc])}")
    return docs

def check_schedules_and_availability(label, by_kind):
    """The nightly-send CronJobs, and the HPAs and PDBs bound to the services' Deployments."""
    for cj in by_kind.get("CronJob", []):
        where = f"{label}: CronJob/{cj['metadata']['name']}"
        spec = cj["spec"]
        if spec.get("timeZone") != "Europe/Paris": fail(f"{where}: timeZone {spec.get('timeZone')!r}, expected Europe/Paris")
        if len(str(spec.get("schedule") or "").split()) != 5: fail(f"{where}: schedule {spec.get('schedule')!r} is not a 5-field cron")
        if spec.get("concurrencyPolicy") != "Forbid": fail(f"{where}: overlapping sends allowed")
        pod = spec["jobTemplate"]["spec"]["template"]["spec"]
        if (pod.get("securityContext") or {}).get("runAsNonRoot") is not True: fail(f"{where}: pod not runAsNonRoot")
        if pod.get("automountServiceAccountToken") is not False: fail(f"{where}: service account token mounted")
        for c in pod.get("containers") or []:
            if c.get("command") != ["/usr/local/bin/factflowctl"] or (c.get("args") or [])[:2] != ["invoices", "nightly-send"]:
                fail(f"{where}: does not run factflowctl invoices nightly-send")
            if (c.get("securityContext") or {}).get("readOnlyRootFilesystem") is not True: fail(f"{where}: root filesystem writable")
            env = {e["name"]: e for e in c.get("env") or []}
            for name in ("FACTFLOW_INVOICING_STATE_ADDRESS", "FACTFLOW_AUTH_SECRET", "FACTFLOW_TENANT"):
                if name not in env: fail(f"{where}: {name} not set")
            if "secretKeyRef" not in ((env.get("FACTFLOW_AUTH_SECRET") or {}).get("valueFrom") or {}):
                fail(f"{where}: FACTFLOW_AUTH_SECRET not from a Secret")
    deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", [])}
    def pods_selected(sel):
        return [n for n, d in deployments.items()
                if all(d["spec"]["template"]["metadata"]["labels"].get(k) == v for k, v in sel.items())]
    for hpa in by_kind.get("HorizontalPodAutoscaler", []):
        where = f"{label}: HorizontalPodAutoscaler/{hpa['metadata']['name']}"
        target = hpa["spec"]["scaleTargetRef"]
        dep = deployments.get(target.get("name"))
        if target.get("kind") != "Deployment" or dep is None: fail(f"{where}: scales no Deployment of the release")
        elif "replicas" in dep["spec"]: fail(f"{where}: its Deployment also sets replicas (they would fight)")
        if not 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]: fail(f"{where}: minReplicas > maxReplicas")
    for pdb in by_kind.get("PodDisruptionBudget", []):
        where = f"{label}: PodDisruptionBudget/{pdb['metadata']['name']}"
        selected = pods_selected(pdb["spec"]["selector"]["matchLabels"])
        if len(selected) != 1: fail(f"{where}: selects the pods of {selected}, not of exactly one Deployment")

if not renderer:
    print("helm-check: render: skipped (install golang-go golang-github-masterminds-sprig-dev "
          "golang-gopkg-yaml.v2-dev, or run with HELM_CHECK_RENDER=yes as root)")
else:
    code, out, err, _ = render([])
    if code == 0: fail("render with values.yaml alone succeeded: the required Secrets/bootstrap are not enforced")
    elif "is required" not in err: fail(f"render with values.yaml alone failed, but not on a required value: {err}")
    if not ci_files: fail("no ci/*.yaml values to render with")
    for i, ci in enumerate(ci_files):
        label = f"render {rel(ci)}"
        code, out, err, notes = render([ci], release="factflow" if i % 2 == 0 else "prod")
        if code != 0: fail(f"{label}: {err}"); continue
        if os.environ.get("HELM_CHECK_OUT"):
            dest = os.path.join(os.environ["HELM_CHECK_OUT"], os.path.basename(ci)[:-5])
            os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
            open(dest + ".yaml", "w").write(out)
            open(dest + ".NOTES.txt", "w").write(open(notes).read())
        docs = check_manifests(label, out)
        if not open(notes).read().strip(): fail(f"{label}: NOTES.txt renders empty")
        kinds = {}
        for d in docs: kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
        print(f"helm-check: {label}: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
        if os.path.basename(ci) == "full-values.yaml":
            for kind in ("CronJob", "HorizontalPodAutoscaler", "PodDisruptionBudget", "PrometheusRule"):
                if not kinds.get(kind): fail(f"{label}: no {kind} rendered")
            if kinds.get("PodDisruptionBudget", 0) != len(SERVICES): fail(f"{label}: not one PodDisruptionBudget per service")

sys.stdout.flush()
for f in failures: print(f"helm-check: FAIL {f}", file=sys.stderr)
if failures: sys.exit(1)
print("helm-check: OK")
PY
