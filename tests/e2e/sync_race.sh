#!/usr/bin/env bash
# Two stations hand the same serial to two students while offline, then
# sync at the same time: the upstream accepts one and answers conflict to
# the other, which shows it (status json, the entry's push_detail, the
# sync output) and, once it has pulled, refuses that serial naming the
# holder and the station that has it.
set -euo pipefail
. "$DOTATION_SRC/tests/upstream/lib.bash"
D=$DOTATION_BIN

start_upstream
station "$T/a.db" queue-a
station "$T/b.db" queue-b
$D --db "$T/a.db" assign E1000001 RACE00042 --with-charter >/dev/null
$D --db "$T/b.db" assign E1000002 RACE00042 --with-charter >/dev/null

sync_once "$T/a.db" >"$T/a.out" 2>"$T/a.log" &
pa=$!
sync_once "$T/b.db" >"$T/b.out" 2>"$T/b.log" &
pb=$!
wait $pa || fail "station a sync failed"
wait $pb || fail "station b sync failed"

ca=$(status "$T/a.db" "d['conflicts']")
cb=$(status "$T/b.db" "d['conflicts']")
[ $((ca + cb)) -eq 1 ] || fail "expected exactly one conflict, got a=$ca b=$cb"
if [ "$cb" -eq 1 ]; then
	loser=b winner=a winner_station=queue-a third=E1000003
else
	loser=a winner=b winner_station=queue-b third=E1000003
fi
L=$T/$loser.db
[ "$(status "$L" "d['pending']")" -eq 0 ] || fail "the conflict entry is still pending"
[ "$(status "$T/$winner.db" "d['conflicts']")" -eq 0 ] || fail "the winner shows a conflict"
detail=$(sqlite3 -readonly "$L" "SELECT push_detail FROM journal WHERE push_state = 'conflict'")
case "$detail" in
*RACE00042*"$winner_station"*) ;;
*) fail "conflict detail does not name the serial and the station: '$detail'" ;;
esac
grep -q "conflict on entry" "$T/$loser.log" || fail "the loser's sync did not show the conflict"
up=$(admin GET /admin/stats)
[ "$(echo "$up" | json "d['by_status'].get('conflict', 0)")" -eq 1 ] || fail "upstream: not one conflict"
[ "$(echo "$up" | json "d['holdings']")" -eq 1 ] || fail "upstream: the serial is held twice"

# The loser undoes its handover; the serial is still someone else's.
sync_once "$L" >/dev/null 2>&1 || fail "loser's second sync failed"
seq=$(sqlite3 -readonly "$L" "SELECT seq FROM journal WHERE push_state = 'conflict'")
$D --db "$L" undo "$seq" >/dev/null
rc=0
$D --db "$L" assign $third RACE00042 --with-charter >/dev/null 2>"$T/refused.err" || rc=$?
[ $rc -eq 3 ] || fail "serial held at $winner_station: expected exit 3, got $rc"
grep -q "$winner_station" "$T/refused.err" || fail "refusal does not name the station: $(cat "$T/refused.err")"
rm "$T/refused.err"
echo "sync_race: ok (station $loser lost)"
