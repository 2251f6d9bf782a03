#!/usr/bin/env bash
# weekgen's one entry point on a fresh machine:
#   ./build.sh            set up .venv, install weekgen, build the sample site into public/
#   ./build.sh serve      the same, then preview it with live reload
#   ./build.sh test       set up with the test tools, then ruff, mypy and the tests
#   ./build.sh bench ...  run benchmarks/run.py
#   ./build.sh weekgen …  any weekgen command, e.g. ./build.sh weekgen import aanmeldingen.xlsx
set -euo pipefail
cd "$(dirname "$0")"

VENV="${WEEKGEN_VENV:-.venv}"

find_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
    echo "build.sh: weekgen needs Python 3.11 or newer" >&2
    exit 2
}

# Install (again) only when pyproject.toml changed since the last install.
setup() {
    local extras="$1" stamp
    [ -x "$VENV/bin/python" ] || "$(find_python)" -m venv "$VENV"
    stamp="$(sha256sum pyproject.toml | cut -c1-16)-$extras"
    if [ "$(cat "$VENV/.weekgen-installed" 2>/dev/null)" != "$stamp" ]; then
        # -qq: pip's errors only, not the notes of a machine's own pip settings
        echo "build.sh: installing weekgen and what it needs into $VENV (once)"
        "$VENV/bin/python" -m pip install -qq --upgrade pip
        "$VENV/bin/python" -m pip install -qq -e ".$extras"
        echo "$stamp" > "$VENV/.weekgen-installed"
    fi
}

# Debian's Chromium and its driver for the browser tests, when they can be installed here
# (WEEKGEN_CHROMIUM and WEEKGEN_CHROMEDRIVER name another browser, such as a CI runner's Chrome).
ensure_browser() {
    if command -v "${WEEKGEN_CHROMIUM:-chromium}" >/dev/null 2>&1 &&
        command -v "${WEEKGEN_CHROMEDRIVER:-chromedriver}" >/dev/null 2>&1; then
        return
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "build.sh: installing Debian's chromium and chromium-driver for the browser tests"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        echo "build.sh: chromium is missing; browser tests will not run (CI installs it)" >&2
    fi
}

# html-validate, axe-core and yaml-language-server (package.json) for the HTML, accessibility and
# editor tests; node and npm from Debian when they can be installed here. `npm ci` again only when
# package-lock.json changed.
ensure_node_tools() {
    if ! command -v npm >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            echo "build.sh: installing Debian's nodejs and npm for the HTML and accessibility tests"
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
        else
            echo "build.sh: npm is missing; the HTML and accessibility tests will not run" \
                "(CI installs it)" >&2
            return
        fi
    fi
    local stamp
    stamp="$(sha256sum package-lock.json | cut -c1-16)"
    if [ "$(cat node_modules/.weekgen-installed 2>/dev/null)" != "$stamp" ]; then
        npm ci --no-audit --no-fund --loglevel=error
        echo "$stamp" > node_modules/.weekgen-installed
    fi
}

command="${1:-build}"
[ $# -gt 0 ] && shift
case "$command" in
    build)
        setup ""
        "$VENV/bin/weekgen" build "$@"
        ;;
    serve)
        setup ""
        exec "$VENV/bin/weekgen" serve "$@"
        ;;
    weekgen)
        setup ""
        exec "$VENV/bin/weekgen" "$@"
        ;;
    test)
        setup "[test]"
        ensure_browser
        ensure_node_tools
        "$VENV/bin/ruff" check src tests benchmarks tools
        "$VENV/bin/mypy"
        # On every core (pytest-xdist), a test file's tests together in one process: they share
        # its module's site and browser; ./build.sh test -n 0 runs them all in this process.
        "$VENV/bin/python" -m pytest -n auto --dist loadfile "$@"
        ;;
    bench)
        setup "[test]"
        case " $* " in
            *" --peers "*)  # the generators weekgen is measured against
                "$VENV/bin/python" -m pip install --quiet "pelican>=4.9,<5"
                if ! command -v hugo >/dev/null 2>&1 && [ "$(id -u)" = 0 ] &&
                    command -v apt-get >/dev/null 2>&1; then
                    apt-get update -qq
                    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null
                fi
                ;;
        esac
        exec "$VENV/bin/python" benchmarks/run.py "$@"
        ;;
    *)
        echo "usage: ./build.sh [build|serve|test|bench|weekgen] [options]" >&2
        exit 2
        ;;
esac
