#!/usr/bin/env bash
# Server-side render times of the main UI pages, as an agent sees them.
#
#   scripts/bench-pages.sh http://127.0.0.1:8080 agent@example.test password [N]
#
# Signs in through the login form, then requests each page N times (default 60)
# one after another and prints p50/p95/max of curl's total time (loopback, so
# this is the server's render time plus a fraction of a millisecond) and the
# size of the HTML. Point it at `tessera serve` on a seeded database, e.g. the
# 1 M-ticket one from `tessera bench seed`.
set -euo pipefail
base=${1:?base URL}
email=${2:?agent email}
password=${3:?password}
n=${4:-60}
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT

status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
  --data-urlencode "email=$email" --data-urlencode "password=$password" "$base/login")
if [ "$status" != 303 ]; then
  echo "sign-in failed (HTTP $status)" >&2
  exit 1
fi
number=$(curl -s -b "$jar" "$base/tickets?view=open" | grep -o 'href="/tickets/[0-9]*"' | head -1 | grep -o '[0-9]*')

printf '%-34s %8s %8s %8s %9s\n' page p50_ms p95_ms max_ms html_kb
for page in "/tickets?view=mine" "/tickets?view=open" "/tickets?view=unassigned" \
            "/tickets?view=open&sort=priority&dir=desc" \
            "/tickets?view=filter&status=open&priority=urgent" \
            "/tickets/${number:-1001}" "/search?q=printer"; do
  times=()
  size=0
  for _ in $(seq "$n"); do
    read -r t s < <(curl -s -o /dev/null -b "$jar" -w '%{time_total} %{size_download}\n' "$base$page")
    times+=("$t")
    size=$s
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v page="$page" -v size="$size" '
    { v[NR] = $1 * 1000 }
    END {
      p50 = v[int((NR + 1) * 0.50)]; p95 = v[int(NR * 0.95 + 0.5)]
      printf "%-34s %8.1f %8.1f %8.1f %9.1f\n", page, p50, p95, v[NR], size / 1024
    }'
done
