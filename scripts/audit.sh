#!/bin/sh
# Known vulnerabilities in every locked dependency (uv.lock, dev group included), by
# pip-audit against a vulnerability service: AUDIT_SERVICE=pypi (PyPI's advisory data,
# the default) or osv (osv.dev). The lock pins every version and hash, so nothing is
# resolved or installed. Used by `make audit`; needs the network, hence not in `make test`.
# Exit 0: none known; 1: a vulnerability (listed), or the service could not be reached.
set -eu
UV=${UV:-uv}
service=${AUDIT_SERVICE:-pypi}
timeout=${AUDIT_TIMEOUT:-15}
case "$service" in
    pypi | osv) ;;
    *) echo "audit: AUDIT_SERVICE must be pypi or osv, not '$service'" >&2; exit 2 ;;
esac
mkdir -p var
requirements=var/audit-requirements.txt
$UV export --frozen --all-groups --no-emit-project --format requirements.txt \
    --output-file "$requirements" --quiet
echo "audit: $(grep -c '==' "$requirements") locked packages, against $service"

# pip-audit reports a service it cannot reach (or a mirror without advisories) as
# "Dependency not found on PyPI" for the first package: ask the service about Django first.
django=$(sed -n 's/^django==\([^ ]*\).*/\1/p' "$requirements")
if ! $UV run --frozen python - "$service" "$django" "$timeout" <<'PY'
import json, sys, urllib.request

service, version, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
if service == "osv":
    url = "https://api.osv.dev/v1/query"
    body = {"package": {"name": "django", "ecosystem": "PyPI"}, "version": version}
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
else:
    url = f"https://pypi.org/pypi/django/{version}/json"
    request = urllib.request.Request(url)
try:
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = json.load(response)
except Exception as error:  # no route, DNS, TLS, HTTP error, not JSON
    sys.exit(f"audit: FAILED: cannot reach the vulnerability service ({url}): {error}")
if service == "pypi" and "vulnerabilities" not in answer:
    sys.exit(f"audit: FAILED: {url} answered without vulnerability data (a mirror?)")
PY
then
    echo "audit: run it on a machine that reaches the service (README, \"make audit\")." >&2
    exit 1
fi

exec $UV run --frozen --group dev pip-audit --requirement "$requirements" \
    --require-hashes --disable-pip --strict --progress-spinner off \
    --vulnerability-service "$service" --timeout "$timeout"
