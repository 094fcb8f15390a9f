#!/usr/bin/env bash
# Pipeline entry point: checks the .NET SDK against global.json, rebuilds build/_build.csproj only when its sources
# changed (stamp of content hashes), then runs the build graph with the given arguments. `./build.sh --help` lists targets.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PIPELINE_ROOT="$ROOT"
INSTALL_URL="https://dotnet.microsoft.com/download/dotnet"
BUILD_PROJECT="$ROOT/build/_build.csproj"
BUILD_DLL="$ROOT/build/bin/Debug/net10.0/_build.dll"
STAMP="$ROOT/.nuke/temp/build.stamp"

fail() { echo "build.sh: $*" >&2; exit 1; }

required="$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([0-9][0-9.]*\)".*/\1/p' "$ROOT/global.json" | head -n 1)"
[ -n "$required" ] || fail "global.json has no sdk.version; expected e.g. { \"sdk\": { \"version\": \"10.0.100\" } }."
req_major="${required%%.*}"; rest="${required#*.}"; req_minor="${rest%%.*}"; req_patch="${rest#*.}"

if ! command -v dotnet >/dev/null 2>&1; then
  fail "'dotnet' is not on PATH. Install the .NET SDK ${req_major}.${req_minor} (${required} or a later ${req_major}.${req_minor} feature band) from ${INSTALL_URL}/${req_major}.${req_minor} and re-run."
fi

# global.json rolls forward to the latest feature band of the same major.minor: accept X.Y.Z with X.Y equal and Z >= required.
best=""
while read -r sdk _; do
  major="${sdk%%.*}"; r="${sdk#*.}"; minor="${r%%.*}"; patch="${r#*.}"; patch="${patch%%-*}"
  if [ "$major" = "$req_major" ] && [ "$minor" = "$req_minor" ] && [ "$patch" -ge "$req_patch" ] 2>/dev/null; then best="$sdk"; fi
done < <(dotnet --list-sdks 2>/dev/null || true)
if [ -z "$best" ]; then
  found="$(dotnet --list-sdks 2>/dev/null | cut -d' ' -f1 | tr '\n' ' ')"
  fail "no .NET SDK compatible with global.json (${required}, rollForward latestFeature: ${req_major}.${req_minor}.x >= ${required}); found: ${found:-none}. Install it from ${INSTALL_URL}/${req_major}.${req_minor} and re-run."
fi

# Stamp: content hashes of everything the build project compiles from, plus the SDK version.
stamp_now() {
  {
    echo "sdk $best"
    cd "$ROOT" && find build src Directory.Build.props Directory.Packages.props global.json \
      \( -name bin -o -name obj \) -prune -o -type f \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.json' -o -name '*.proto' \) -print0 2>/dev/null \
      | sort -z | xargs -0 sha256sum
  } | sha256sum | cut -d' ' -f1
}

needs_build() { [ ! -f "$BUILD_DLL" ] || [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$current" ]; }

current="$(stamp_now)"
if needs_build; then
  mkdir -p "$(dirname "$STAMP")"
  # Two concurrent invocations must not build the same project at once: the second waits, then finds it built.
  if command -v flock >/dev/null 2>&1; then exec 9>"$ROOT/.nuke/temp/build.lock"; flock 9; fi
fi
if needs_build; then
  echo "build.sh: building build/_build.csproj (sources changed since the last build)" >&2
  if ! dotnet build "$BUILD_PROJECT" -c Debug -nologo -v quiet -clp:NoSummary >&2; then
    fail "building build/_build.csproj failed; the compiler errors are above."
  fi
  echo "$current" > "$STAMP.$$" && mv -f "$STAMP.$$" "$STAMP"
fi
# Release the build lock (if taken) before the graph runs; a long run must not block another checkout user's build step.
exec 9>&-

exec dotnet "$BUILD_DLL" "$@"
